"""Every change of a case: one transaction that checks who may act and the state
machine, locks the case row late (after validation), writes the step, the
notice and the event.

State machine (CaseStatus)::

    intake ─┬─ refused ─────────────────────────────────────────────► REFUSED (closed)
            ├─ materials incomplete ─► SUPPLEMENT ─┬─ return ─► (intake outcomes again,
            │                                      │            only outstanding lines)
            │                                      └─ refuse ─► REFUSED
            ├─ 即办, complete ─────────────────────────────────────► COMPLETED (closed)
            ├─ 告知承诺 signed ─► COMMITTED ─┬─ materials in ─► DECIDED / COMPLETED
            │                               └─ deadline passed ─► REVOKED (closed, credit)
            └─ complete ─► ACCEPTED ⇄ SUSPENDED (art. 45)
                           ACCEPTED ─ decide ─► DECIDED ─ deliver ─► COMPLETED (closed)

Every closed case is archived in the transaction that closes it."""

# One module per stage; callers keep `from govhall.cases import services`.
from .back_office import (  # noqa: F401
    case_decide,
    case_extension_approve,
    case_extension_request,
    case_inspect,
    case_opinion,
    case_resume,
    case_suspend,
    parallel_answer,
)
from .base import (  # noqa: F401
    CHECK_CODE_DIGITS,
    DUE_FIELDS,
    MAX_SIGNATURE,
    MAX_TEXT,
    is_reviewer,
    on_calendar_changed,
    provisional_recompute,
)
from .closing import (  # noqa: F401
    _close,
    archive_manifest,
)
from .closing_count import closing_count_record  # noqa: F401
from .commitment import (  # noqa: F401
    case_commitment_fulfil,
    case_commitment_lapse,
)
from .decisions import (  # noqa: F401
    decision_number,
    record_decision,
)
from .ending import (  # noqa: F401
    case_supplement_lapse,
    case_terminate,
    case_withdraw,
)
from .fees import (  # noqa: F401
    PAYABLE,
    case_fee_assess,
    case_payment_record,
    case_payment_refund,
    outstanding,
    paid_total,
    standard_amounts,
)
from .intake import (  # noqa: F401
    _outstanding,
    case_intake,
    case_refuse,
    case_supplement,
)
from .online import (  # noqa: F401
    online_apply,
    online_deem_accepted,
    online_precheck,
    online_refuse,
    online_resupply,
)
from .output import (  # noqa: F401
    case_deliver,
    case_document_open,
)
from .sweep import (  # noqa: F401
    case_warn,
    cases_sweep,
)

# isort: split
# 一件事 and 转办 (appended: other features add their own blocks above).
from .bundles import (  # noqa: F401
    bundle_deliver,
    bundle_intake,
    bundle_items,
    bundle_materials,
    bundle_progress,
    bundle_save,
    bundle_supplement,
    bundle_wanted,
    slowest,
)
from .transfer import (  # noqa: F401
    TRANSFERABLE,
    case_transfer,
)

# isort: split
# Online payment orders through the payment providers (cases/payments, issue 13).
from .payment_orders import (  # noqa: F401
    payment_order_cancel,
    payment_order_confirm,
    payment_order_create,
    payment_orders_expire,
)
