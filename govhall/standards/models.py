"""The standards app's models live with their feature; Django finds them through this module."""

from .audit import models as audit_models  # noqa: F401
from .emergency import models as emergency_models  # noqa: F401
from .rounds import models as rounds_models  # noqa: F401
from .rules import models as rules_models  # noqa: F401
from .tasks import models as tasks_models  # noqa: F401
from .upkeep import models as upkeep_models  # noqa: F401
