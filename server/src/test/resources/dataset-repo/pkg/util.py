def clamp(value, low, high):
    """Clamp value into [low, high]."""
    if value < low:
        return low
    if value > high:
        return high
    return value


async def fetch(url, *, timeout=10) -> bytes:
    return await _get(url, timeout)


def one_liner(x): return x + 1
