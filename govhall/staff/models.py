"""The staff app's models live with their feature (profiles/, attendance/, …);
Django finds them through this module."""

from .attendance import models as attendance_models  # noqa: F401
from .leave import models as leave_models  # noqa: F401
from .profiles.models import Certificate, StaffKind, StaffProfile  # noqa: F401
from .rota import models as rota_models  # noqa: F401
from .training import models as training_models  # noqa: F401
from .whereabouts import models as whereabouts_models  # noqa: F401
