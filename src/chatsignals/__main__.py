"""``python -m chatsignals`` runs the command line."""

from chatsignals.cli import main

main()
