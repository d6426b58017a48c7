def handle(command):
    match command:
        case ["go", direction]:
            return direction
        case ["drop", *objects]:
            unused_capture = objects
        case {"x": x_value, **rest}:
            return x_value
        case Point(x=px, y=0) as point:
            return px
        case str() | bytes():
            pass
        case _:
            return undefined_in_case


while (line := input()):
    print(line)
print(f"{undefined_in_fstring!r:>{width}}")
