"""The only code that talks to the outside world: store, IMAP, SMTP, templates, files."""
