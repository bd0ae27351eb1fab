"""Modal dialogs, each a `ModalScreen` dismissed with its answer."""
