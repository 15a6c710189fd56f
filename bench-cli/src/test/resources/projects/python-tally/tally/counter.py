import six


class Counter:
    def __init__(self):
        self.counts = {}

    def add(self, key, amount=1):
        if amount < 0:
            raise ValueError("negative amount")
        self.counts[key] = self.counts.get(key, 0) + amount
        return self.counts[key]

    def top(self, n):
        ordered = sorted(six.iteritems(self.counts), key=lambda kv: (-kv[1], kv[0]))
        return ordered[:n]
