"""The Act as e-Gov publishes it: reading 法令標準XML (:mod:`.xml`), placing the bodies the schedule
names (:mod:`.bodies`) and turning the schedule into a catalog change set (:mod:`.importer`).
"""
