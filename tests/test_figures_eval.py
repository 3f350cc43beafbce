"""The IDMC scorer on hand-built rows and figures (no model needed)."""

from sitrep.eval.idmc import is_english, score
from sitrep.records import Figure, Provenance


def fig(n, metric, *, term=None, unit="people", best=None, low=None, subset_of=None, sentence="x"):
    return Figure(
        id=f"{metric}{n}", metric=metric, quantity=str(n), provenance=Provenance("a", 0, 1, sentence, "test"),
        low=low if low is not None else best, best=best, high=best, term=term, unit=unit, subset_of=subset_of,
    )


def row(excerpt, quantity, term, unit="People", location=""):
    return {"excerpt": excerpt, "quantity": quantity, "term": term, "unit": unit, "location": location}


def test_is_english():
    assert is_english("More than 3,000 people were evacuated from their homes after the river burst its banks.")
    assert not is_english("Más de diez familias han sido evacuadas por seguridad a otra comunidad cercana hoy.")
    assert is_english("IDPs total 4 000")  # too short to tell


def test_primary_is_the_displacement_figure_not_the_first():
    rows = [row("The floods destroyed 40 homes and forced 900 people to evacuate their homes.", 900.0, "Evacuated")]
    preds = [[
        fig(40, "destroyed housing", term="Destroyed housing", unit="households", best=40),
        fig(900, "evacuated", term="Evacuated", best=900),
    ]]
    res = score(rows, preds)
    assert res["quantity_exact"] == 1.0 and res["term_accuracy"] == 1.0


def test_error_classes_and_non_english_count():
    rows = [
        row("Unas cien familias fueron evacuadas por las lluvias en la comunidad del valle.", 100.0, "Evacuated"),
        row("The storm hit the coast and the people of the town were evacuated on Monday.", 500.0, "Evacuated"),
        row("About 70 homes were destroyed and 20 people were hurt in the town on Monday.", 70.0, "Destroyed Housing"),
    ]
    preds = [[], [], [fig(20, "injured", best=20)]]
    res = score(rows, preds)
    assert res["n_non_english"] == 1 and res["quantity_exact"] == 0.0
    assert res["errors"]["non-English excerpt"] == 1
    assert res["errors"]["no figure"] == 1
    assert res["errors"]["gold value not extracted"] == 1
