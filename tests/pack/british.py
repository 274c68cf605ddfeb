"""British spellings a US-English game must not show (shared by the pack and the UI-string tests)."""

from __future__ import annotations

import re

# British spellings a US pack must not use (stems, so "favourite" and "apologised" are caught too).
BRITISH = re.compile(
    r"\b(?:\w*(?:favour|colour|behaviour|honour|labour|neighbour|humour|flavour|rumour|endeavour|harbour|"
    r"rigour|vigour|odour|parlour|armour)\w*"
    r"|(?:apologi|organi|recogni|reali|priori|summari|emphasi|speciali|categori|memori|personali|finali|"
    r"utili|customi|minimi|maximi|critici|sociali|visuali|optimi|authori|standardi|familiari|characteri|"
    r"sympathi|energi|mobili|moderni|capitali|centrali|scrutini)s(?:e|ed|es|ing|ation|ations)"
    r"|analys(?:e|ed|es|ing)|practis(?:e|ed|es|ing)|licence|defence|offence|pretence"
    r"|centre[sd]?|theatres?|metres?|fibres?|litres?|calibre"
    r"|(?:travel|cancel|label|model|counsel|fuel|signal|total|level|marvel)l(?:ed|ing|er|ers)|marvellous|jewellery"
    r"|grey|whilst|amongst|learnt|spelt|judgement|programme|catalogue|cheque|enquir(?:y|ies)|tyres?"
    r"|fulfil|fulfilment|enrol|enrolment|instalment|skilful|storey|pyjamas|aluminium|maths)\b",
    re.IGNORECASE)
