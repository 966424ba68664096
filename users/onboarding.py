"""Bringing learners in: the pages where circle leaders and editors create learner
accounts, one by one or from a staff list (CSV), and send invitations.

Who may do what is decided by permissions, never by group names:

- ``users.manage_learners`` opens these pages (granted to circle leaders and
  editors by ``users/migrations/0008``);
- with it, whoever may change every study circle (``circles.change_studycircle``:
  editors) manages every learner account and may add to any circle; everyone else
  only the learners of the circles they lead, and adds only to those.

A learner account is one that holds no admin access and may not manage learners
itself (and is neither staff nor superuser): nobody can send an invitation that
would hand over a privileged account. Invitations go only to accounts that have
never had a password (``invitations.may_be_invited``).
"""

import re
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from circles.models import CircleMembership, StudyCircle

from . import invitations, staff_lists
from .forms import LearnerForm, StaffListForm
from .models import matching
from .roles import LEARNER

# Permissions that make an account more than a learner's.
PRIVILEGED_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("users", "manage_learners"),
]
USERNAME_LENGTH = 150


def manages_all_learners(user) -> bool:
    """Whoever may change every study circle (editors) manages every learner."""
    return user.has_perm("users.manage_learners") and user.has_perm(
        "circles.change_studycircle"
    )


def manageable_circles(user):
    """The circles ``user`` may add learners to."""
    if not user.has_perm("users.manage_learners"):
        return StudyCircle.objects.none()
    if manages_all_learners(user):
        return StudyCircle.objects.all()
    return StudyCircle.objects.filter(leader=user)


def learner_accounts():
    """Accounts that are only learners' (see the module's docstring)."""
    User = get_user_model()
    privileged = Q()
    for app_label, codename in PRIVILEGED_PERMISSIONS:
        privileged |= Q(
            user_permissions__content_type__app_label=app_label,
            user_permissions__codename=codename,
        ) | Q(
            groups__permissions__content_type__app_label=app_label,
            groups__permissions__codename=codename,
        )
    return User.objects.filter(is_superuser=False, is_staff=False).exclude(
        pk__in=User.objects.filter(privileged).values("pk")
    )


def manageable_learners(user):
    """The learner accounts ``user`` may see and invite."""
    if not user.has_perm("users.manage_learners"):
        return get_user_model().objects.none()
    learners = learner_accounts()
    if manages_all_learners(user):
        return learners
    return learners.filter(
        pk__in=CircleMembership.objects.filter(circle__leader=user).values("user")
    )


def existing_emails() -> set[str]:
    """Every address in use, lowercased (in Python: SQLite's LOWER() folds only
    ASCII letters)."""
    return {
        email.lower()
        for email in get_user_model()
        .objects.exclude(email="")
        .values_list("email", flat=True)
    }


def username_for(email: str, taken: set[str]) -> str:
    """The username for a new account: its e-mail address, lowercased, without the
    characters usernames may not hold; "-2", "-3" … if that is taken. ``taken``
    (lowercased) gets the new name."""
    base = re.sub(r"[^\w.@+-]", "", email.lower())[:USERNAME_LENGTH] or "deltagare"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = base[: USERNAME_LENGTH - len(suffix)] + suffix
    taken.add(candidate)
    return candidate


def taken_usernames() -> set[str]:
    return {
        name.lower()
        for name in get_user_model().objects.values_list("username", flat=True)
    }


def create_learner(first_name, last_name, email, circle, taken: set[str]):
    """A learner account without a password (it is set through an invitation)."""
    user = get_user_model()(
        username=username_for(email, taken),
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    user.set_unusable_password()
    user.save()
    learners = Group.objects.filter(name=LEARNER).first()
    if learners is not None:
        user.groups.add(learners)
    if circle is not None:
        CircleMembership.objects.create(circle=circle, user=user)
    return user


# --- Views -------------------------------------------------------------------------


def manager_required(view):
    @login_required
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.has_perm("users.manage_learners"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked


def invitation_state(user, now) -> tuple[str, str]:
    """(key, text) of where the account is: active, invited, expired, not invited."""
    if user.has_usable_password():
        return "active", _("Active: the password is set")
    if not user.email:
        return "no_email", _("No e-mail address")
    if user.invited_at is None:
        return "not_invited", _("Not invited yet")
    if user.invited_at + invitations.expiry() < now:
        return "expired", _("The invitation has expired")
    until = timezone.localtime(user.invited_at + invitations.expiry())
    return "invited", _("Invited; the link works until %(date)s") % {
        "date": until.strftime("%Y-%m-%d")
    }


@manager_required
@require_http_methods(["GET"])
def learners(request):
    circles = manageable_circles(request.user).order_by("name")
    query = request.GET.get("q", "").strip()
    learners = manageable_learners(request.user)
    chosen = next(
        (c for c in circles if str(c.uuid) == request.GET.get("cirkel", "")), None
    )
    if chosen is not None:
        learners = learners.filter(circle_memberships__circle=chosen)
    if query:
        learners = learners.filter(matching(query))
    learners = learners.order_by(
        "last_name", "first_name", "username"
    ).prefetch_related(
        Prefetch(
            "circle_memberships",
            queryset=CircleMembership.objects.filter(circle__in=circles)
            .select_related("circle")
            .order_by("circle__name"),
        )
    )
    page = Paginator(learners, 50).get_page(request.GET.get("sida"))
    now = timezone.now()
    rows = [
        (user, *invitation_state(user, now), invitations.may_be_invited(user))
        for user in page.object_list
    ]
    filters = request.GET.copy()
    filters.pop("sida", None)
    return render(
        request,
        "users/learners.html",
        {
            "rows": rows,
            "page_obj": page,
            "circles": circles,
            "chosen": chosen,
            "query": query,
            "filter_query": filters.urlencode(),
            "all_learners": manages_all_learners(request.user),
        },
    )


def report_sent(request, sent, failed) -> None:
    if sent:
        messages.success(
            request,
            ngettext(
                "An invitation was sent to %(count)d person.",
                "Invitations were sent to %(count)d people.",
                len(sent),
            )
            % {"count": len(sent)},
        )
    if failed:
        messages.error(
            request,
            _(
                "No invitation could be sent to %(names)s. Check the e-mail address "
                "and send the invitation again from the list."
            )
            % {"names": ", ".join(u.get_full_name() or u.email for u in failed)},
        )


@manager_required
@require_http_methods(["GET", "POST"])
def add_learner(request):
    circles = manageable_circles(request.user).order_by("name")
    everyone = manages_all_learners(request.user)
    form = LearnerForm(
        request.POST if request.method == "POST" else None,
        circles=circles,
        circle_required=not everyone,
        initial={"circle": request.GET.get("cirkel")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            if data["email"].lower() in existing_emails():
                form.add_error("email", form.taken_message())
            else:
                user = create_learner(
                    data["first_name"],
                    data["last_name"],
                    data["email"],
                    data["circle"],
                    taken_usernames(),
                )
        if not form.errors:
            messages.success(
                request,
                _("The account %(username)s is created for %(name)s.")
                % {"username": user.get_username(), "name": user.get_full_name()},
            )
            if data["send_invitation"]:
                report_sent(
                    request,
                    *invitations.send_invitations([user], request, request.user),
                )
            return redirect("onboarding:learners")
    return render(
        request,
        "users/learner_add.html",
        {
            "form": form,
            "circles": circles,
            "everyone": everyone,
            "days": settings.INVITATION_EXPIRY_DAYS,
        },
    )


@manager_required
@require_http_methods(["GET", "POST"])
def import_learners(request):
    circles = manageable_circles(request.user).order_by("name")
    form = (
        StaffListForm(request.POST, request.FILES)
        if request.method == "POST"
        else StaffListForm()
    )
    staff = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(staff_lists.MAX_BYTES + 1)
        created = []
        try:
            with transaction.atomic():
                staff = staff_lists.read_staff_list(
                    data,
                    circles,
                    circle_optional=manages_all_learners(request.user),
                )
                if not staff.errors:
                    taken = taken_usernames()
                    created = [
                        create_learner(
                            line.first_name,
                            line.last_name,
                            line.email,
                            line.circle,
                            taken,
                        )
                        for line in staff.lines
                    ]
        except IntegrityError:
            staff = staff_lists.StaffList(
                errors=[
                    _(
                        "Nothing was imported: an account with one of these "
                        "addresses was made at the same moment. Import the file "
                        "again."
                    )
                ]
            )
        if created:
            messages.success(
                request,
                ngettext(
                    "%(count)d learner account was created.",
                    "%(count)d learner accounts were created.",
                    len(created),
                )
                % {"count": len(created)},
            )
            if form.cleaned_data["send_invitations"]:
                report_sent(
                    request,
                    *invitations.send_invitations(created, request, request.user),
                )
            return redirect("onboarding:learners")
    return render(
        request,
        "users/learner_import.html",
        {
            "form": form,
            "staff": staff,
            "circles": circles,
            "everyone": manages_all_learners(request.user),
            "max_lines": staff_lists.MAX_LINES,
        },
    )


@manager_required
@require_POST
def invite(request, pk):
    """Send (again) the invitation to a learner the user manages; a newer link
    replaces the older one."""
    user = get_object_or_404(manageable_learners(request.user), pk=pk)
    if user.has_usable_password():
        messages.error(
            request,
            _(
                "%(name)s has already set a password, so no invitation is needed. "
                "A forgotten password is reset from the login page."
            )
            % {"name": user.get_full_name() or user.get_username()},
        )
    elif not user.email:
        messages.error(
            request,
            _("%(name)s has no e-mail address, so no invitation can be sent.")
            % {"name": user.get_full_name() or user.get_username()},
        )
    else:
        report_sent(
            request, *invitations.send_invitations([user], request, request.user)
        )
    # Back to the list as it was filtered (only a query string is followed).
    back = request.POST.get("next", "")
    back = back if re.fullmatch(r"\?[^\s\\/]*", back) else ""
    return redirect(reverse("onboarding:learners") + back)
