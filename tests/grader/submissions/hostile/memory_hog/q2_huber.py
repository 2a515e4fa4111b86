"""Hostile fixture: grows memory 100 MB at a time at import, touching every page."""
hog = []
while True:
    hog.append(bytearray(100 * 1024**2))
