"""``python -m casework``: the officers' terminal app."""

from casework.cli import main

if __name__ == "__main__":
    main()
