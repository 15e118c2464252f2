"""The terms of a contract: parties, contact persons, plans, activities, duties, cadences, goals.

These pydantic models are both the domain's value objects and the contract file format
(``contracts/schema.json`` is generated from ``ContractFile``). Free text stays in the
source document's Danish. Cross-references (a responsibility's party, a cadence's
convener ...) are checked by ``reference_problems`` so that both file import and
revisions report them with the exact field. Events store terms as plain data, never
these classes, so moving a model between the modules below changes no stored topic.

- ``values``: keys, text, periods, amounts (``parse_kroner``)
- ``parties``: parties, units, contact persons
- ``plans``: helhedsplaner with budget frames, funders and allocations
- ``activities``: activities, responsibilities and meeting cadences
- ``goals``: goals and indicators
- ``agreement``: ``ContractTerms``, all of the above in one contract
- ``references``: cross-references and repeated keys
- ``problems``: the one conversion of a pydantic ``ValidationError`` into ``TermsError``
- ``files``: the contract file format (``ContractFile``) and reading YAML with line numbers
"""

from domain.terms.activities import Activity, ConveneCadence, MeetingCadence, Responsibility, StaffFunction
from domain.terms.agreement import ContractTerms
from domain.terms.files import (
    SCHEMA_PATH,
    ContractFile,
    ContractFileError,
    FileProblem,
    RevisionNote,
    contract_files,
    contract_from_json,
    load_contract_file,
    schema_text,
)
from domain.terms.goals import Goal, Indicator
from domain.terms.parties import ContactPerson, Party, Unit
from domain.terms.plans import Allocation, BudgetFrame, FunderShare, Plan
from domain.terms.problems import check_references, check_terms, terms_error
from domain.terms.references import Loc, Problems, reference_problems
from domain.terms.values import FILE_CONTEXT, Day, FreeText, Items, Key, Number, Ore, Period, Term, Text, parse_kroner

__all__ = [
    "FILE_CONTEXT",
    "SCHEMA_PATH",
    "Activity",
    "Allocation",
    "BudgetFrame",
    "ContactPerson",
    "ContractFile",
    "ContractFileError",
    "ContractTerms",
    "ConveneCadence",
    "Day",
    "FileProblem",
    "FreeText",
    "FunderShare",
    "Goal",
    "Indicator",
    "Items",
    "Key",
    "Loc",
    "MeetingCadence",
    "Number",
    "Ore",
    "Party",
    "Period",
    "Plan",
    "Problems",
    "Responsibility",
    "RevisionNote",
    "StaffFunction",
    "Term",
    "Text",
    "Unit",
    "check_references",
    "check_terms",
    "contract_files",
    "contract_from_json",
    "load_contract_file",
    "parse_kroner",
    "reference_problems",
    "schema_text",
    "terms_error",
]
