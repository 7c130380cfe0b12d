"""The reports app's models live with their feature; Django finds them through this module."""

from .assessment import models as assessment_models  # noqa: F401
from .dashboard import models as dashboard_models  # noqa: F401
from .exchange import models as exchange_models  # noqa: F401
from .facts import models as facts_models  # noqa: F401
from .groups import models as groups_models  # noqa: F401
from .supervision import models as supervision_models  # noqa: F401
