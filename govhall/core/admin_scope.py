"""The admin site's one scoping mechanism.

Every ModelAdmin and inline says how a row reaches its owner: `center_path` (a chain
of foreign keys to a Center: "center", "case__center", "pk" for Center itself),
`district_path` (to a District: rows every centre of a district shares, written only
by that district's supervisors), `shared = True` (one table for every centre:
read-only below the superuser) or its own `scope_q`. From that one declaration the
base scopes, for anyone but a superuser: the changelist and its filters, the object
pages, every foreign-key and many-to-many choice (by the scope of the model it points
at), the inlines, and, after every save, the saved row and its inline rows (outside
the reach: 403 and the whole save rolls back).

The site makes the default safe: a ModelAdmin registered without this base (a later
app, auth's Group, a third-party package) is for superusers only.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.core import checks
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Q

from .actors import actor_for_user
from .models import Center, District
from .scope import Reach

NOTHING = Q(pk__in=[])


def reach(request) -> Reach:
    """The reach of the request's user, computed once per request."""
    cached = getattr(request, "_govhall_reach", None)
    if cached is None or cached.actor.user != request.user:
        cached = Reach(actor_for_user(request.user))
        request._govhall_reach = cached
    return cached


def scoped(scoper, request, queryset, *, write: bool = False):
    """`queryset` narrowed to what the request's user may read (or write)."""
    r = reach(request)
    if r.everywhere:
        return queryset
    q = scoper.scope_q(r, write=write)
    return queryset if q is None else queryset.filter(q)


def scoper_for(site, model):
    """The declaration that scopes `model`: its registered scoped ModelAdmin, else a
    scoped inline of it, else None (nothing of it may be picked below the superuser)."""
    model_admin = site._registry.get(model)
    if isinstance(model_admin, ScopedMixin):
        return type(model_admin)
    return _INLINE_SCOPES.get(model)


def choices_for(site, model, request, queryset):
    scoper = scoper_for(site, model)
    if scoper is None:
        return queryset if reach(request).everywhere else queryset.none()
    return scoped(scoper, request, queryset)


def _in_scope(scoper, request, obj, *, write: bool) -> bool:
    if reach(request).everywhere:
        return True
    if obj is None or obj.pk is None:
        return False
    return scoped(
        scoper, request, type(obj)._default_manager.filter(pk=obj.pk), write=write
    ).exists()


def _path_errors(model, path: str, target, obj) -> list:
    """A path must be a chain of forward foreign keys (single-valued) ending at `target`."""
    current = model
    if path != "pk":
        for part in path.split("__"):
            try:
                field = current._meta.get_field(part)
            except FieldDoesNotExist:
                current = None
                break
            if not (field.concrete and (field.many_to_one or field.one_to_one)):
                current = None
                break
            current = field.related_model
    if current is target:
        return []
    return [
        checks.Error(
            f"{path!r} does not lead from {model._meta.label} to {target._meta.label} "
            "through forward foreign keys.",
            obj=obj,
            id="govhall.E101",
        )
    ]


class ScopedMixin:
    center_path: str | None = None
    district_path: str | None = None
    shared: bool = False
    # Fields only a superuser may edit (a centre's district, a user's superuser flag).
    superuser_fields: tuple[str, ...] = ()

    @classmethod
    def scope_q(cls, reach: Reach, *, write: bool) -> Q | None:
        """The rows inside `reach`; None means every row."""
        if cls.shared:
            return NOTHING if write else None
        if cls.center_path:
            return Q(**{f"{cls.center_path}__in": reach.centers})
        if cls.district_path:
            ids = reach.supervised if write else reach.districts
            return Q(**{f"{cls.district_path}__in": ids})
        return NOTHING

    @classmethod
    def writes_anywhere(cls, reach: Reach) -> bool:
        if reach.everywhere:
            return True
        if cls.shared:
            return False
        if cls.district_path:
            return bool(reach.supervised)
        return bool(reach.centers)

    @classmethod
    def _declares_scope(cls) -> bool:
        custom = cls.scope_q.__func__ is not ScopedMixin.scope_q.__func__
        return custom or cls.shared or bool(cls.center_path or cls.district_path)

    def get_queryset(self, request):
        return scoped(type(self), request, super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if reach(request).everywhere:
            return fields
        return fields + tuple(f for f in self.superuser_fields if f not in fields)

    def choice_queryset(self, request, db_field, queryset):
        """What a foreign key or many-to-many field may point at: the rows of the target
        model inside the reach. Override for a field with its own rule."""
        return choices_for(self.admin_site, db_field.remote_field.model, request, queryset)

    def _narrow(self, db_field, request, kwargs):
        if reach(request).everywhere:
            return kwargs
        queryset = kwargs.get("queryset")
        if queryset is None:
            queryset = self.get_field_queryset(kwargs.get("using"), db_field, request)
        if queryset is None:
            queryset = db_field.remote_field.model._default_manager.all()
        kwargs["queryset"] = self.choice_queryset(request, db_field, queryset)
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = self._narrow(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs = self._narrow(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        cls = type(self)
        if not cls._declares_scope():
            errors.append(
                checks.Error(
                    f"{cls.__name__} declares no scope: set center_path, district_path, "
                    "shared = True or scope_q.",
                    obj=cls,
                    id="govhall.E100",
                )
            )
        if cls.center_path:
            errors += _path_errors(self.model, cls.center_path, Center, cls)
        if cls.district_path:
            errors += _path_errors(self.model, cls.district_path, District, cls)
        return errors


class ScopedAdmin(ScopedMixin, admin.ModelAdmin):
    """The base of every ModelAdmin of the project."""

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or _in_scope(type(self), request, obj, write=False))

    def has_add_permission(self, request):
        if not reach(request).everywhere and self.center_path == "pk":
            return False  # a new centre is never inside a centre admin's reach
        return super().has_add_permission(request) and self.writes_anywhere(reach(request))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_write(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_write(request, obj)

    def _may_write(self, request, obj) -> bool:
        if obj is None:
            return self.writes_anywhere(reach(request))
        return _in_scope(type(self), request, obj, write=True)

    def get_list_filter(self, request):
        """Related filters list only values of visible rows, not every centre's."""
        filters = super().get_list_filter(request)
        if reach(request).everywhere:
            return filters
        narrowed = []
        for item in filters:
            if isinstance(item, str):
                field = get_fields_from_path(self.model, item)[-1]
                if field.is_relation:
                    item = (item, admin.RelatedOnlyFieldListFilter)
            elif isinstance(item, tuple) and item[1] is admin.RelatedFieldListFilter:
                item = (item[0], admin.RelatedOnlyFieldListFilter)
            narrowed.append(item)
        return narrowed

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if reach(request).everywhere:
            return inlines
        return [i for i in inlines if isinstance(i, ScopedMixin)]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The form's choices are already narrowed; this is the backstop that holds
        # whatever a subclass or a crafted POST did: every row written must be
        # inside the reach, else the whole save (in the admin's transaction) rolls back.
        if reach(request).everywhere:
            return
        if not _in_scope(type(self), request, form.instance, write=True):
            raise PermissionDenied
        for formset in formsets:
            scoper = getattr(formset, "scoper", None)
            written = [*formset.new_objects, *(o for o, _changed in formset.changed_objects)]
            for obj in written:
                if scoper is None or not _in_scope(scoper, request, obj, write=True):
                    raise PermissionDenied

    def delete_queryset(self, request, queryset):
        if queryset.count() != scoped(type(self), request, queryset, write=True).count():
            raise PermissionDenied
        super().delete_queryset(request, queryset)

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        for inline in self.inlines:
            if not issubclass(inline, ScopedMixin):
                errors.append(
                    checks.Error(
                        f"{inline.__name__} is not a scoped inline (ScopedTabularInline).",
                        obj=type(self),
                        id="govhall.E102",
                    )
                )
        return errors


# Inline model -> its scoped inline class, so a field pointing at a model that is only
# edited inline (materials) still has a scope to choose from.
_INLINE_SCOPES: dict[type[models.Model], type] = {}


class ScopedInlineMixin(ScopedMixin):
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if getattr(cls, "model", None) is not None and cls._declares_scope():
            _INLINE_SCOPES.setdefault(cls.model, cls)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.scoper = type(self)  # read by ScopedAdmin.save_related
        return formset

    # obj is the parent row, already checked by its ModelAdmin.
    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self.writes_anywhere(reach(request))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and self.writes_anywhere(reach(request))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and self.writes_anywhere(reach(request))


class ScopedTabularInline(ScopedInlineMixin, admin.TabularInline):
    pass


class ScopedStackedInline(ScopedInlineMixin, admin.StackedInline):
    pass


class CenterScopedAdmin(ScopedAdmin):
    """Rows that belong to one centre through their `center` key (the common case)."""

    center_path = "center"


class SharedAdmin(ScopedAdmin):
    """A table every centre shares (holidays, calendar years): read-only below the
    superuser."""

    shared = True


class ReadOnlyAdmin:
    """Mixin for rows that change only through the services: nobody edits them here."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SuperuserOnly:
    """Mixed into every ModelAdmin registered without the scoped base."""

    def has_module_permission(self, request):
        return request.user.is_superuser and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return request.user.is_superuser and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.none()


class ScopedAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, ScopedAdmin):
            admin_class = type(
                admin_class.__name__,
                (SuperuserOnly, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)
