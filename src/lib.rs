//! Palabre: a public consultation platform in one executable.
//! The binary (`main.rs`) only parses the command line; everything else lives here so that
//! integration tests drive the very same code.

pub mod app;
pub mod assets;
pub mod bundle;
pub mod cache;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod disk;
pub mod domain;
pub mod export;
pub mod i18n;
pub mod instance;
pub mod logging;
pub mod pdfdoc;
pub mod routes;
pub mod security;
pub mod sms;
pub mod tunnel;
pub mod views;
pub mod web;
