def greet(names):
    for name in names:
        message = f"Hello, {name}! 👋"
      print(message)
