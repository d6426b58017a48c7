package dev.pyassist.python;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The stdlib-like file the speed benchmarks use, and that it parses. */
class LargeFileParseTest {
    static String stdlibLike(int lines) {
        String unit = """
                @functools.lru_cache(maxsize=None)
                def helper_%1$d(path, *args, encoding='utf-8', **kwargs) -> dict[str, int]:
                    \"\"\"Return a mapping built from %1$d.

                    Long docstring line to make the file look like the standard library.
                    \"\"\"
                    result = {}
                    for index, item in enumerate(args):
                        if index %% 2 == 0 and item is not None:
                            result[f"{path}/{item!r:>10}"] = index * 2 + len(kwargs)
                        elif isinstance(item, (list, tuple)):
                            result.update({k: v for k, v in zip(item, range(len(item)))})
                        else:
                            continue
                    try:
                        with open(path, encoding=encoding) as fp:
                            data = [line.rstrip('\\n') for line in fp if line.strip()]
                    except (OSError, ValueError) as exc:
                        raise RuntimeError("cannot read %%s" %% path) from exc
                    finally:
                        pass
                    return result


                class Widget_%1$d(Base, metaclass=abc.ABCMeta):
                    # a comment
                    counter: int = 0

                    def __init__(self, name, value=None):
                        super().__init__()
                        self.name = name
                        self.value = value if value is not None else -1
                        self._cache = lambda x, y=1: x ** y + ~x >> 2

                    @property
                    def size(self):
                        return sum(len(x) for x in self._items if x) or 0

                    async def fetch(self, url):
                        async with self.session.get(url) as resp:
                            return await resp.json()
                """;
        StringBuilder sb = new StringBuilder("import abc\nimport functools\n\n\n");
        int i = 0;
        while (sb.chars().filter(c -> c == '\n').count() < lines) sb.append(String.format(unit, i++));
        return sb.toString();
    }

    /**
     * The 5,000-line benchmark file parses. How fast is a figure, not an assertion (timed assertions fail on a
     * busy machine): {@code bench/lsp_bench.py} measures it against the peers.
     */
    @Test
    void fiveThousandLines() {
        String src = stdlibLike(5000);
        assertTrue(PythonParser.parse(src).ok());
        assertTrue(src.chars().filter(c -> c == '\n').count() >= 5000);
    }
}
