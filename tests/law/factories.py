"""Factories for catalog period rows (the law app's tests)."""

from __future__ import annotations

import datetime as dt

import factory

from compliance.law import models as m


class StatuteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Statute

    key = factory.Sequence(lambda n: f"statute-{n}")
    name = factory.Sequence(lambda n: f"架空法{n}")
    in_force_from = dt.date(2000, 1, 1)
    source = "テスト"


class ScheduleRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ScheduleRow
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"row-{n}")
    kind = m.RowKind.SCHEDULE
    row_number = factory.Sequence(str)
    statute = "児童手当法"
    affair = factory.Sequence(lambda n: f"児童手当法による第{n}の事務であって主務省令で定めるもの")
    field = m.Field.SOCIAL_SECURITY
    in_force_from = dt.date(2016, 1, 1)
    source = "テスト"
    body = factory.RelatedFactory("tests.law.factories.ScheduleRowBodyFactory", factory_related_name="row")


class ScheduleRowBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ScheduleRowBody

    label = "市町村長"
    kinds = "municipality,special_ward"
    body = "mayor"


class LinkagePermissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.LinkagePermission
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"perm-{n}")
    requester_row = "row-0"
    category = "地方税関係情報"
    in_force_from = dt.date(2017, 7, 18)
    source = "テスト"
    provider = factory.RelatedFactory(
        "tests.law.factories.LinkageProviderFactory", factory_related_name="permission"
    )


class LinkageProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.LinkageProvider

    label = "市町村長"
    kinds = "municipality,special_ward"
    body = "mayor"
