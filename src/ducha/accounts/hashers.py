"""Password hashing: Argon2id at the cost OWASP recommends for interactive logins.

Django's default PBKDF2 (1,000,000 rounds) costs about half a second of CPU per login; on a
2-core server 500 units logging in before a deadline queue behind it. Argon2id with 19 MiB,
2 passes and 1 lane (OWASP Password Storage Cheat Sheet, first option) is memory-hard, so it
resists GPU guessing at least as well, for about a tenth of the CPU. Older hashes (PBKDF2, or
Argon2 with other parameters) are upgraded the next time their owner logs in.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class DuchaArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id, m=19 MiB, t=2, p=1; same algorithm name, so Django re-hashes other costs."""

    time_cost = 2
    memory_cost = 19 * 1024
    parallelism = 1
