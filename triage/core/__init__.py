"""Pure logic: no network, no disk, no Textual."""
