//! The axum extractor, driven with real HTTP requests.
