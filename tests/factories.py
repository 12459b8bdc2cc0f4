"""factory_boy factories for rows that tests build in numbers or with a role (personas stay in conftest).

    from tests.factories import ContentItemFactory, MembershipFactory
    member = MembershipFactory(workspace=workspace, role="editor").user
    ContentItem.objects.bulk_create(ContentItemFactory.build_batch(500, workspace=workspace, author=member))
"""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from rongmei.accounts.models import User
from rongmei.production.models import ContentItem
from rongmei.workspaces.models import Membership, Workspace

PASSWORD = "Test@12345"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"测试用户{n}")
    must_change_password = False
    password = factory.django.Password(PASSWORD)


class WorkspaceFactory(DjangoModelFactory):
    class Meta:
        model = Workspace
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"ws-{n}")
    name = factory.Sequence(lambda n: f"测试工作区{n}")
    client_name = "某市委宣传部"


class MembershipFactory(DjangoModelFactory):
    """A user with a role in a workspace."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    workspace = factory.SubFactory(WorkspaceFactory)
    role = "editor"


class ContentItemFactory(DjangoModelFactory):
    class Meta:
        model = ContentItem

    workspace = factory.SubFactory(WorkspaceFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"稿件{n}")
    kind = "article"
