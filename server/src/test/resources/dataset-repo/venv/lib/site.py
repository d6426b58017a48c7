def in_venv():
    return 1
