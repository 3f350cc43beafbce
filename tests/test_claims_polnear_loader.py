"""The PolNeAR loader of `sitrep eval polnear` on a small BRAT folder written here."""

from pathlib import Path

from sitrep.eval.polnear import load_gold


def test_discontinuous_content_listed_out_of_order_covers_its_pieces(tmp_path: Path) -> None:
    text = '"The river rose fast," said Ana Ruiz, a farmer. "Nobody was ready."'
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a1.txt").write_text(text, encoding="utf-8")
    said = text.index("said")
    src = text.index("Ana Ruiz, a farmer")
    second = text.index('"Nobody')
    ann = "\n".join(
        [
            f"T1\tSource {src} {src + 18}\tAna Ruiz, a farmer",
            f"T2\tCue {said} {said + 4}\tsaid",
            # the later piece first, as annotation tools sometimes write it
            f"T3\tContent {second} {len(text)};0 22\t...",
            f"T4\tAttribution {said} {said + 4}\tsaid",
            "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        ]
    )
    (tmp_path / "attributions" / "a1_x.ann").write_text(ann + "\n", encoding="utf-8")
    (entry,) = load_gold(tmp_path)
    (attr,) = entry["attributions"]
    assert attr["source"] == (src, src + 18)
    assert attr["content"] == (0, len(text))
