//! Integration tests: the real router and migrations on fresh databases (SQLite always, MariaDB/PostgreSQL when reachable).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose

mod api;
mod cli;
mod http;
mod migrations;
mod seed;
mod support;
