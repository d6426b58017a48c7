import json


def load_settings(path):
    with open(path, encoding="utf-8") as handle:
        settings = json.load(handle
    return settings


print(load_settings("settings.json"))
