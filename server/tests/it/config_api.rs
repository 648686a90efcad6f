//! Integration tests for the config_api commands.
