//! The one integration-test binary: the real `vern` binary against the sandbox over real HTTP.
