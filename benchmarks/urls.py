"""Mounted by ecirkel.urls only while the benchmark flag is on (ECIRKEL_BENCHMARK=1)."""

from django.urls import path

from . import views

urlpatterns = [path("r2/", views.minimal, name="benchmark_minimal")]
