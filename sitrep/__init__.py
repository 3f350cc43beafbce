"""sitrep: conflict and crisis news into a sourced, structured situation picture."""

from .errors import SitrepError
from .records import (
    Article,
    Claim,
    ControlClaim,
    EventMention,
    Extraction,
    Figure,
    Place,
    Provenance,
    Quarantined,
    TimeSpan,
    from_dict,
    to_dict,
)
from .settings import Settings, load_settings

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Claim",
    "ControlClaim",
    "EventMention",
    "Extraction",
    "Figure",
    "Place",
    "Provenance",
    "Quarantined",
    "SitrepError",
    "Settings",
    "TimeSpan",
    "from_dict",
    "load_settings",
    "to_dict",
    "__version__",
]
