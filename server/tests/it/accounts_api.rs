//! Integration tests for the accounts_api commands.
