from django.urls import path

from . import views

app_name = "proofread"
urlpatterns = [
    path("", views.check, name="check"),
    path("runs/", views.runs, name="runs"),
    path("runs/<int:pk>/findings.xlsx", views.run_xlsx, name="run_xlsx"),
    path("lexicon/", views.lexicon, name="lexicon"),
    path("lexicon/new/", views.entry_new, name="entry_new"),
    path("lexicon/import/", views.lexicon_import, name="import"),
    path("lexicon/<int:pk>/", views.entry_edit, name="entry_edit"),
    path("lexicon/<int:pk>/toggle/", views.entry_toggle, name="entry_toggle"),
    path("whitelist/", views.proposals, name="proposals"),
    path("whitelist/propose/", views.propose, name="propose"),
    path("whitelist/<int:pk>/decide/", views.proposal_decide, name="proposal_decide"),
]
