"""chatsignals: assistant conversations in, privacy-checked IAB interests out."""

__version__ = "0.1.0"
