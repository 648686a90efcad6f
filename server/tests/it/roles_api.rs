//! Integration tests for the roles_api commands.
