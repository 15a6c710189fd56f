import six
from tally import Counter


def test_add():
    c = Counter()
    assert c.add("a") == 1
    assert six.PY3
