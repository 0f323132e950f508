"""The class report: ``python -m treatylab report GRADES.csv --out DIR``.

``results`` reads the grade sheet, ``statistics`` holds the item-analysis formulas, ``analysis``
applies them per activity, item, option, outcome and student, ``figures`` draws the plots and
``page`` writes ``index.html``, ``items.csv`` and ``students.csv``.
"""
