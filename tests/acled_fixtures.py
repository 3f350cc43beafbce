"""Invented rows in ACLED's two column layouts (pre-2019 dev-set style and current), written by the
project for the loader and scoring tests. They live in code, not as CSV files, so nothing in the
repository looks like a copy of third-party gold data; no row comes from any ACLED file."""

from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path

ACLED_OLD_LAYOUT = 'd3mIndex,data_id,iso,event_date,year,time_precision,event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,iso3\n1,9000001,760,03-Jan-18,2018,1,Remote violence,Military Forces of Syria (2000-),,1,Civilians (Syria),,7,17,Middle East,Syria,Aleppo,Jebel Saman,,Aleppo,36.2021,37.1343,1,Invented Monitor,Other,"Government artillery shelled the eastern districts of Aleppo on Wednesday, killing four civilians.",4,SYR\n2,9000002,760,05-Jan-18,2018,1,Battle-No change of territory,Military Forces of Syria (2000-),,1,Opposition Rebels (Syria),,2,12,Middle East,Syria,Idleb,Maarrat An Nu\'man,,Maarrat an Nu\'man,35.6479,36.6741,2,Invented Monitor,Other,"Clashes between regime forces and rebels near Maarrat an Nu\'man left two fighters dead.",2,SYR\n3,9000003,368,07-Jan-18,2018,1,Riots/Protests,Protesters (Iraq),,6,,,0,60,Middle East,Iraq,Basrah,Basrah,,Basrah,30.5085,47.7804,1,Invented Paper,National,"Dozens of people protested in Basrah against power cuts.",0,IRQ\n4,9000004,760,28-Feb-18,2018,1,Battle-Government regains territory,Military Forces of Syria (2000-),,1,Opposition Rebels (Syria),,2,12,Middle East,Syria,Rural Damascus,Duma,,Nashabiyeh,33.5,36.5,1,Invented Monitor,Other,"Government troops recaptured the village of Nashabiyeh from rebels.",\n5,9000005,887,12-Feb-18,2018,1,Strategic development,Military Forces of Yemen (2016-),,1,,,0,10,Middle East,Yemen,Taizz,Taizz,,Taizz,13.5795,44.0209,1,Invented Agency,National,"Security forces arrested three men at a checkpoint in Taizz.",0,YEM\n'

ACLED_NEW_LAYOUT = 'event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp\nSYR900001,2023-03-14,2023,1,Political violence,Explosions/Remote violence,Air/drone strike,Military Forces of Russia (2000-),,8,Civilians (Syria),,7,78,Civilian targeting,760,Middle East,Syria,Idleb,Idleb,,Idleb,35.9306,36.6339,1,Invented Monitor,Other,"An air strike hit a market in Idleb on Tuesday, killing seven people.",7,,1680000000\nSYR900002,2023-03-15,2023,1,Demonstrations,Protests,Peaceful protest,Protesters (Syria),,6,,,0,60,,760,Middle East,Syria,As-Sweida,As-Sweida,,As-Sweida,32.7089,36.5695,1,Invented Paper,Local,"Residents gathered peacefully in As-Sweida to demand better services.",0,crowd size=no report,1680000001\n'


@lru_cache(maxsize=1)
def acled_fixture_dir() -> Path:
    """A temporary folder holding acled_old.csv and acled_new.csv (made once per test run)."""
    folder = Path(tempfile.mkdtemp(prefix="sitrep-acled-fixtures-"))
    (folder / "acled_old.csv").write_text(ACLED_OLD_LAYOUT, encoding="utf-8")
    (folder / "acled_new.csv").write_text(ACLED_NEW_LAYOUT, encoding="utf-8")
    return folder
