from django.apps import AppConfig

from compliance.registry.signals import declaration_imported, registry_changed


class AssessmentsConfig(AppConfig):
    name = "compliance.assessments"
    label = "assessments"

    def ready(self) -> None:
        # A registry write may call for a re-assessment (重要な変更, しきい値の上昇): looked for after
        # the commit (compliance.assessments.services.prompting).
        # An import that files its work (declaration_import_with_drafts) brings its draft assessments.
        # Imported in ready(), not at the top: it imports models, which load only after apps.py.
        from compliance.assessments.services.prompting import on_declaration_imported, on_registry_changed

        registry_changed.connect(on_registry_changed, dispatch_uid="assessments.prompt_reassessments")
        declaration_imported.connect(on_declaration_imported, dispatch_uid="assessments.draft_imported")
