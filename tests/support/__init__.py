"""Test support: real servers (Dovecot, aiosmtpd) and message builders, shared by the suites."""
