# no coding declaration, so this must be UTF-8
def café():
    return "é"
