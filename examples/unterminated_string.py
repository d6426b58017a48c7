GREETING = "Grüß Gott
print(GREETING)
