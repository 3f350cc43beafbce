import dataclasses

import pytest

from sitrep.records import Place, TimeSpan
from sitrep.resolve.evolve import evolve


def test_evolve_equals_replace():
    p = Place(name="Springfield", rule_id="r.x")
    q = evolve(p, admin1="Illinois", lat=1.5)
    assert q == dataclasses.replace(p, admin1="Illinois", lat=1.5)
    assert hash(q) == hash(dataclasses.replace(p, admin1="Illinois", lat=1.5))
    assert p.admin1 is None and type(q) is Place


def test_evolve_rejects_unknown_field():
    with pytest.raises(TypeError):
        evolve(TimeSpan(expression="today"), weekday=3)


def test_evolve_runs_post_init_checks():
    @dataclasses.dataclass(frozen=True)
    class Checked:
        n: int

        def __post_init__(self):
            if self.n < 0:
                raise ValueError("negative")

    with pytest.raises(ValueError):
        evolve(Checked(1), n=-1)
