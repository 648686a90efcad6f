//! Password hashing (argon2id, PHC strings with a random salt per password).

use crate::engine::EngineError;
use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};

/// Hashes `password` for storage.
pub fn hash(password: &str) -> Result<String, EngineError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| EngineError::Internal(format!("password hashing failed: {e}")))
}

/// True when `password` matches the stored `hash`; a malformed hash never matches.
pub fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_verifies_only_the_same_password_and_is_salted() {
        let a = hash("password").unwrap();
        let b = hash("password").unwrap();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify("password", &a));
        assert!(!verify("Password", &a));
        assert!(!verify("password", "not a hash"));
    }
}
