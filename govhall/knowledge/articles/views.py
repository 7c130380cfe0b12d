"""articles: the pages (thin). The department's list and editor, the centre's
review with a side-by-side diff, and the public page an answer cites."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from govhall.catalog.diff import inline
from govhall.core.errors import DomainError, NotFound
from govhall.core.models import Department
from govhall.core.web import center_or_404, need

from . import selectors, services
from .forms import ArticleForm, ReviewForm


def _departments(actor, center):
    found = Department.objects.filter(district=center.district_id)
    return found if actor.is_superuser else found.filter(pk__in=actor.departments)


def _version(center, pk):
    try:
        return selectors.center_version(center, pk)
    except NotFound as exc:
        raise Http404 from exc


def _back(center, name="knowledge:articles"):
    return HttpResponseRedirect(reverse(name, args=[center.code]))


@require_http_methods(["GET"])
def articles(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "knowledge.draft", "knowledge.manage")
    if refusal:
        return refusal
    manager = actor.can(found, "knowledge.manage")
    rows = selectors.department_articles(actor, found, everyone=manager)
    today = timezone.localdate()
    context = {
        "center": found,
        "rows": [
            {
                "article": a,
                "open": v,
                "overdue": bool(a.published_version and a.published_version.review_by < today),
            }
            for a, v in rows
        ],
        "may_draft": actor.can(found, "knowledge.draft"),
        "manager": manager,
    }
    return render(request, "knowledge/articles.html", context)


def _form_page(request, found, form, version=None, error=None, status=200):
    context = {"center": found, "form": form, "version": version, "error": error}
    return render(request, "knowledge/article_edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
def article_new(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "knowledge.draft")
    if refusal:
        return refusal
    departments = _departments(actor, found)
    form = ArticleForm(request.POST or None, departments=departments)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.article_create(
                actor=actor,
                center=found,
                department=departments.get(pk=form.cleaned_data["department"]),
                data=form.data_for_service(),
                items=form.item_codes(),
            )
        except DomainError as exc:
            return _form_page(request, found, form, error=exc, status=exc.status)
        messages.success(request, gettext("已保存草稿"))
        return HttpResponseRedirect(
            reverse("knowledge:article_edit", args=[found.code, version.pk])
        )
    return _form_page(request, found, form, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def article_edit(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "knowledge.draft")
    if refusal:
        return refusal
    version = _version(found, pk)
    article = version.article
    initial = {
        "kind": version.kind,
        "title": version.title,
        "questions": version.questions,
        "answer": version.answer,
        "items": "、".join(article.items.values_list("code", flat=True)),
        "review_by": version.review_by,
        "change_summary": version.change_summary,
    }
    form = ArticleForm(request.POST or None, initial=initial, with_department=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.article_update(
                actor=actor, version=version, data=form.data_for_service(), items=form.item_codes()
            )
        except DomainError as exc:
            return _form_page(request, found, form, version, exc, exc.status)
        messages.success(request, gettext("已保存"))
        return HttpResponseRedirect(request.path)
    return _form_page(
        request, found, form, version, status=400 if request.method == "POST" else 200
    )


@require_POST
def article_submit(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "knowledge.draft")
    if refusal:
        return refusal
    version = _version(found, pk)
    try:
        services.article_submit(actor=actor, version=version)
    except DomainError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(
            reverse("knowledge:article_edit", args=[found.code, version.pk])
        )
    messages.success(request, gettext("已提交中心审核"))
    return _back(found)


@require_POST
def article_revise(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "knowledge.draft")
    if refusal:
        return refusal
    try:
        article = selectors.center_article(found, pk)
        version = services.article_new_version(actor=actor, article=article)
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back(found)
    return HttpResponseRedirect(reverse("knowledge:article_edit", args=[found.code, version.pk]))


@require_http_methods(["GET"])
def review_queue(request, center: str):
    found = center_or_404(center)
    _actor, refusal = need(request, found, "knowledge.manage")
    if refusal:
        return refusal
    context = {
        "center": found,
        "submitted": selectors.review_queue(found),
        "overdue": selectors.review_overdue(found),
    }
    return render(request, "knowledge/article_queue.html", context)


def _diff_rows(version):
    old = version.article.published_version
    rows = []
    for field, label in (
        ("title", gettext("标题")),
        ("questions", gettext("常见问法")),
        ("answer", gettext("解答")),
    ):
        before = getattr(old, field) if old and old.pk != version.pk else ""
        a, b = inline(before, getattr(version, field))
        rows.append(
            {"label": label, "old": a, "new": b, "changed": before != getattr(version, field)}
        )
    return old if old and old.pk != version.pk else None, rows


@require_http_methods(["GET", "POST"])
def review(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "knowledge.manage")
    if refusal:
        return refusal
    version = _version(found, pk)
    form = ReviewForm(request.POST or None)
    error = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == "publish":
                    services.article_publish(
                        actor=actor, version=version, note=form.cleaned_data["note"]
                    )
                    messages.success(request, gettext("已发布"))
                else:
                    services.article_return(
                        actor=actor, version=version, note=form.cleaned_data["note"]
                    )
                    messages.success(request, gettext("已退回部门修改"))
                return _back(found, "knowledge:article_queue")
            except DomainError as exc:
                error, status = exc, exc.status
        else:
            status = 400
    old, rows = _diff_rows(version)
    context = {"center": found, "version": version, "old": old, "rows": rows, "form": form}
    context["error"] = error
    context["items"] = version.article.items.all()
    return render(request, "knowledge/article_review.html", context, status=status)


def article_public(request, center: str, code: str):
    found = center_or_404(center)
    try:
        article = selectors.published_article(found, code)
    except NotFound as exc:
        raise Http404 from exc
    context = {"center": found, "article": article, "v": article.published_version}
    return render(request, "knowledge/article_public.html", context)
