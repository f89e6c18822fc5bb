//! Marks whether the PostgreSQL tests can run: `cfg(alphapo_database)` is set
//! when `DATABASE_URL` names a database, or in CI (`CI=true`), where a
//! missing database must fail those tests rather than skip them. Without it
//! they are reported as ignored, with the reason. The library itself does not
//! read the flag.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(alphapo_database)");
    println!("cargo::rerun-if-env-changed=DATABASE_URL");
    println!("cargo::rerun-if-env-changed=CI");
    let database = std::env::var("DATABASE_URL").is_ok_and(|url| !url.is_empty());
    let ci = std::env::var("CI").is_ok_and(|ci| ci == "true");
    if database || ci {
        println!("cargo::rustc-cfg=alphapo_database");
    }
}
