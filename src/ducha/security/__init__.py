"""Identity and hardening: password rules, lockout, second factor, upload checks, headers."""
