from tests.rules.helpers import findings, pod


def _containers(n: int) -> str:
    return pod("containers:\n" + "".join(f"- {{name: c{i}, image: x}}\n" for i in range(n)))


def test_one_container_passes_and_two_fail_at_the_second():
    assert findings(_containers(1), "multi-container") == []
    (v,) = findings(_containers(2), "multi-container")
    assert v.path == ("spec", "containers", 1)
    assert v.message == 'Pod has 2 containers ("c0" and "c1"); at most 1 can run, so "c1" cannot'


def test_long_name_lists_are_cut_short():
    (v,) = findings(_containers(50), "multi-container")
    assert v.message == ('Pod has 50 containers ("c0", "c1", "c2", "c3", "c4" and 45 more); at most 1 '
                         'can run, so "c1", "c2", "c3", "c4", "c5" and 44 more cannot')


def test_the_limit_is_an_option():
    assert findings(_containers(3), "multi-container", max_containers=3) == []
    (v,) = findings(_containers(4), "multi-container", max_containers=3)
    assert v.path == ("spec", "containers", 3)
