"""Countries as the United Nations name them, and the lists a form may offer.

Every country name the portal shows comes from here, through django-countries:
``COUNTRIES_OVERRIDE`` (set in the settings from ``OVERRIDE``) gives each code
its UN short name in the active language, and removes the territories that no
one lives in (Antarctica, Bouvet Island…). Forms and model fields offer one of
two restricted lists, both django-countries ``Countries`` classes:

- ``MemberStates``: UNESCO's 194 Member States and its Associate Members, for
  every field that means "Member State" (a delegate's country, a dialogue
  request's country, the host of an event);
- ``UNCountries``: the same, with the UN Member States and the observer State
  that are not members of UNESCO, for every other country field (a partner's
  headquarters, the countries of an action, an event's venue).

Sources (see docs/countries.md for how to update):

- names: the short names of UNTERM, the United Nations terminology database
  (https://unterm.un.org), in English, French and Spanish, without the
  article UNTERM puts in brackets after French and Spanish names
  ("Bélarus (le)" is shown as "Bélarus");
- membership: UNESCO's list of Member States and Associate Members
  (https://www.unesco.org/en/countries), with UNESCO's own names where it
  differs from UNTERM ("Palestine", "Faroes", "Macao, China").

The tables are written as text, one country a line, so that an update is a
diff of a few lines: ``code | English | French | Spanish``. The names are data,
not gettext messages: a translator cannot rename a State, and a language
without a column falls back to English.

Kept in the foundation (which imports no app) because accounts, partners,
forums and dialogue all name countries.
"""

# ruff: noqa: E501 -- the tables keep one country a line, however long its names.

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import get_language
from django_countries import Countries
from django_countries import countries as all_countries

LANGUAGES = ("en", "fr", "es")

# UNESCO's Member States (194).
MEMBER_STATES_TABLE = """
AF | Afghanistan | Afghanistan | Afganistán
AL | Albania | Albanie | Albania
DZ | Algeria | Algérie | Argelia
AD | Andorra | Andorre | Andorra
AO | Angola | Angola | Angola
AG | Antigua and Barbuda | Antigua-et-Barbuda | Antigua y Barbuda
AR | Argentina | Argentine | Argentina
AM | Armenia | Arménie | Armenia
AU | Australia | Australie | Australia
AT | Austria | Autriche | Austria
AZ | Azerbaijan | Azerbaïdjan | Azerbaiyán
BS | Bahamas | Bahamas | Bahamas
BH | Bahrain | Bahreïn | Bahrein
BD | Bangladesh | Bangladesh | Bangladesh
BB | Barbados | Barbade | Barbados
BY | Belarus | Bélarus | Belarús
BE | Belgium | Belgique | Bélgica
BZ | Belize | Belize | Belice
BJ | Benin | Bénin | Benin
BT | Bhutan | Bhoutan | Bhután
BO | Bolivia (Plurinational State of) | Bolivie (État plurinational de) | Bolivia (Estado Plurinacional de)
BA | Bosnia and Herzegovina | Bosnie-Herzégovine | Bosnia y Herzegovina
BW | Botswana | Botswana | Botswana
BR | Brazil | Brésil | Brasil
BN | Brunei Darussalam | Brunéi Darussalam | Brunei Darussalam
BG | Bulgaria | Bulgarie | Bulgaria
BF | Burkina Faso | Burkina Faso | Burkina Faso
BI | Burundi | Burundi | Burundi
CV | Cabo Verde | Cabo Verde | Cabo Verde
KH | Cambodia | Cambodge | Camboya
CM | Cameroon | Cameroun | Camerún
CA | Canada | Canada | Canadá
CF | Central African Republic | République centrafricaine | República Centroafricana
TD | Chad | Tchad | Chad
CL | Chile | Chili | Chile
CN | China | Chine | China
CO | Colombia | Colombie | Colombia
KM | Comoros | Comores | Comoras
CG | Congo | Congo | Congo
CK | Cook Islands | Îles Cook | Islas Cook
CR | Costa Rica | Costa Rica | Costa Rica
CI | Côte d'Ivoire | Côte d'Ivoire | Côte d'Ivoire
HR | Croatia | Croatie | Croacia
CU | Cuba | Cuba | Cuba
CY | Cyprus | Chypre | Chipre
CZ | Czechia | Tchéquie | Chequia
KP | Democratic People's Republic of Korea | République populaire démocratique de Corée | República Popular Democrática de Corea
CD | Democratic Republic of the Congo | République démocratique du Congo | República Democrática del Congo
DK | Denmark | Danemark | Dinamarca
DJ | Djibouti | Djibouti | Djibouti
DM | Dominica | Dominique | Dominica
DO | Dominican Republic | République dominicaine | República Dominicana
EC | Ecuador | Équateur | Ecuador
EG | Egypt | Égypte | Egipto
SV | El Salvador | El Salvador | El Salvador
GQ | Equatorial Guinea | Guinée équatoriale | Guinea Ecuatorial
ER | Eritrea | Érythrée | Eritrea
EE | Estonia | Estonie | Estonia
SZ | Eswatini | Eswatini | Eswatini
ET | Ethiopia | Éthiopie | Etiopía
FJ | Fiji | Fidji | Fiji
FI | Finland | Finlande | Finlandia
FR | France | France | Francia
GA | Gabon | Gabon | Gabón
GM | Gambia | Gambie | Gambia
GE | Georgia | Géorgie | Georgia
DE | Germany | Allemagne | Alemania
GH | Ghana | Ghana | Ghana
GR | Greece | Grèce | Grecia
GD | Grenada | Grenade | Granada
GT | Guatemala | Guatemala | Guatemala
GN | Guinea | Guinée | Guinea
GW | Guinea-Bissau | Guinée-Bissau | Guinea-Bissau
GY | Guyana | Guyana | Guyana
HT | Haiti | Haïti | Haití
HN | Honduras | Honduras | Honduras
HU | Hungary | Hongrie | Hungría
IS | Iceland | Islande | Islandia
IN | India | Inde | India
ID | Indonesia | Indonésie | Indonesia
IR | Iran (Islamic Republic of) | Iran (République islamique d') | Irán (República Islámica del)
IQ | Iraq | Iraq | Iraq
IE | Ireland | Irlande | Irlanda
IT | Italy | Italie | Italia
JM | Jamaica | Jamaïque | Jamaica
JP | Japan | Japon | Japón
JO | Jordan | Jordanie | Jordania
KZ | Kazakhstan | Kazakhstan | Kazajstán
KE | Kenya | Kenya | Kenya
KI | Kiribati | Kiribati | Kiribati
KW | Kuwait | Koweït | Kuwait
KG | Kyrgyzstan | Kirghizistan | Kirguistán
LA | Lao People's Democratic Republic | République démocratique populaire lao | República Democrática Popular Lao
LV | Latvia | Lettonie | Letonia
LB | Lebanon | Liban | Líbano
LS | Lesotho | Lesotho | Lesotho
LR | Liberia | Libéria | Liberia
LY | Libya | Libye | Libia
LT | Lithuania | Lituanie | Lituania
LU | Luxembourg | Luxembourg | Luxemburgo
MG | Madagascar | Madagascar | Madagascar
MW | Malawi | Malawi | Malawi
MY | Malaysia | Malaisie | Malasia
MV | Maldives | Maldives | Maldivas
ML | Mali | Mali | Malí
MT | Malta | Malte | Malta
MH | Marshall Islands | Îles Marshall | Islas Marshall
MR | Mauritania | Mauritanie | Mauritania
MU | Mauritius | Maurice | Mauricio
MX | Mexico | Mexique | México
FM | Micronesia (Federated States of) | Micronésie (États fédérés de) | Micronesia (Estados Federados de)
MC | Monaco | Monaco | Mónaco
MN | Mongolia | Mongolie | Mongolia
ME | Montenegro | Monténégro | Montenegro
MA | Morocco | Maroc | Marruecos
MZ | Mozambique | Mozambique | Mozambique
MM | Myanmar | Myanmar | Myanmar
NA | Namibia | Namibie | Namibia
NR | Nauru | Nauru | Nauru
NP | Nepal | Népal | Nepal
NL | Netherlands (Kingdom of the) | Pays-Bas (Royaume des) | Países Bajos (Reino de los)
NZ | New Zealand | Nouvelle-Zélande | Nueva Zelandia
NI | Nicaragua | Nicaragua | Nicaragua
NE | Niger | Niger | Níger
NG | Nigeria | Nigéria | Nigeria
NU | Niue | Nioué | Niue
MK | North Macedonia | Macédoine du Nord | Macedonia del Norte
NO | Norway | Norvège | Noruega
OM | Oman | Oman | Omán
PK | Pakistan | Pakistan | Pakistán
PW | Palau | Palaos | Palau
PS | Palestine | Palestine | Palestina
PA | Panama | Panama | Panamá
PG | Papua New Guinea | Papouasie-Nouvelle-Guinée | Papua Nueva Guinea
PY | Paraguay | Paraguay | Paraguay
PE | Peru | Pérou | Perú
PH | Philippines | Philippines | Filipinas
PL | Poland | Pologne | Polonia
PT | Portugal | Portugal | Portugal
QA | Qatar | Qatar | Qatar
KR | Republic of Korea | République de Corée | República de Corea
MD | Republic of Moldova | République de Moldova | República de Moldova
RO | Romania | Roumanie | Rumania
RU | Russian Federation | Fédération de Russie | Federación de Rusia
RW | Rwanda | Rwanda | Rwanda
KN | Saint Kitts and Nevis | Saint-Kitts-et-Nevis | Saint Kitts y Nevis
LC | Saint Lucia | Sainte-Lucie | Santa Lucía
VC | Saint Vincent and the Grenadines | Saint-Vincent-et-les Grenadines | San Vicente y las Granadinas
WS | Samoa | Samoa | Samoa
SM | San Marino | Saint-Marin | San Marino
ST | Sao Tome and Principe | Sao Tomé-et-Principe | Santo Tomé y Príncipe
SA | Saudi Arabia | Arabie saoudite | Arabia Saudita
SN | Senegal | Sénégal | Senegal
RS | Serbia | Serbie | Serbia
SC | Seychelles | Seychelles | Seychelles
SL | Sierra Leone | Sierra Leone | Sierra Leona
SG | Singapore | Singapour | Singapur
SK | Slovakia | Slovaquie | Eslovaquia
SI | Slovenia | Slovénie | Eslovenia
SB | Solomon Islands | Îles Salomon | Islas Salomón
SO | Somalia | Somalie | Somalia
ZA | South Africa | Afrique du Sud | Sudáfrica
SS | South Sudan | Soudan du Sud | Sudán del Sur
ES | Spain | Espagne | España
LK | Sri Lanka | Sri Lanka | Sri Lanka
SD | Sudan | Soudan | Sudán
SR | Suriname | Suriname | Suriname
SE | Sweden | Suède | Suecia
CH | Switzerland | Suisse | Suiza
SY | Syrian Arab Republic | République arabe syrienne | República Árabe Siria
TJ | Tajikistan | Tadjikistan | Tayikistán
TH | Thailand | Thaïlande | Tailandia
TL | Timor-Leste | Timor-Leste | Timor-Leste
TG | Togo | Togo | Togo
TO | Tonga | Tonga | Tonga
TT | Trinidad and Tobago | Trinité-et-Tobago | Trinidad y Tabago
TN | Tunisia | Tunisie | Túnez
TR | Türkiye | Türkiye | Türkiye
TM | Turkmenistan | Turkménistan | Turkmenistán
TV | Tuvalu | Tuvalu | Tuvalu
UG | Uganda | Ouganda | Uganda
UA | Ukraine | Ukraine | Ucrania
AE | United Arab Emirates | Émirats arabes unis | Emiratos Árabes Unidos
GB | United Kingdom of Great Britain and Northern Ireland | Royaume-Uni de Grande-Bretagne et d'Irlande du Nord | Reino Unido de Gran Bretaña e Irlanda del Norte
TZ | United Republic of Tanzania | République-Unie de Tanzanie | República Unida de Tanzanía
US | United States of America | États-Unis d'Amérique | Estados Unidos de América
UY | Uruguay | Uruguay | Uruguay
UZ | Uzbekistan | Ouzbékistan | Uzbekistán
VU | Vanuatu | Vanuatu | Vanuatu
VE | Venezuela (Bolivarian Republic of) | Venezuela (République bolivarienne du) | Venezuela (República Bolivariana de)
VN | Viet Nam | Viet Nam | Viet Nam
YE | Yemen | Yémen | Yemen
ZM | Zambia | Zambie | Zambia
ZW | Zimbabwe | Zimbabwe | Zimbabwe
"""

# UNESCO's Associate Members.
ASSOCIATE_MEMBERS_TABLE = """
AI | Anguilla | Anguilla | Anguila
AW | Aruba | Aruba | Aruba
VG | British Virgin Islands | Îles Vierges britanniques | Islas Vírgenes Británicas
KY | Cayman Islands | Îles Caïmanes | Islas Caimán
CW | Curaçao | Curaçao | Curazao
FO | Faroes | Îles Féroé | Islas Feroe
MO | Macao, China | Macao (Chine) | Macao (China)
MS | Montserrat | Montserrat | Montserrat
NC | New Caledonia | Nouvelle-Calédonie | Nueva Caledonia
SX | Sint Maarten | Sint Maarten | San Martín (parte neerlandesa)
TK | Tokelau | Tokélaou | Tokelau
"""

# UN Member States and the observer State that are not members of UNESCO: a
# partner may be based or act there.
OTHER_STATES_TABLE = """
IL | Israel | Israël | Israel
LI | Liechtenstein | Liechtenstein | Liechtenstein
VA | Holy See | Saint-Siège | Santa Sede
"""

# ISO 3166 codes that name no place where anyone lives or works (Antarctica,
# uninhabited islands, military outposts): never offered, never named.
UNINHABITED = ("AQ", "BV", "CC", "CX", "GS", "HM", "IO", "NF", "PN", "SJ", "TF", "UM")


def _parse(table: str) -> dict[str, dict[str, str]]:
    names = {}
    for line in table.strip().splitlines():
        code, *columns = (part.strip() for part in line.split("|"))
        names[code] = dict(zip(LANGUAGES, columns, strict=True))
    return names


MEMBER_STATES = _parse(MEMBER_STATES_TABLE)
ASSOCIATE_MEMBERS = _parse(ASSOCIATE_MEMBERS_TABLE)
OTHER_STATES = _parse(OTHER_STATES_TABLE)
NAMES: dict[str, dict[str, str]] = {**MEMBER_STATES, **ASSOCIATE_MEMBERS, **OTHER_STATES}


def _name_in_active_language(code: str) -> str:
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    names = NAMES[code]
    return names.get(language) or names["en"]


# Evaluated when django-countries renders a name, in the language active then
# (django-countries caches each language's sorted list separately).
_lazy_name = lazy(_name_in_active_language, str)

OVERRIDE = {
    **{code: _lazy_name(code) for code in NAMES},
    **dict.fromkeys(UNINHABITED),
}


def codes_of(value) -> list[str]:
    """A multiple CountryField's value as ISO codes.

    ``values()`` and ``values_list()`` give the stored text ("BR,FR"), an
    instance gives Country objects: both read the same here.
    """
    if not value:
        return []
    if isinstance(value, str):
        return [code for code in value.split(",") if code]
    return [getattr(country, "code", country) for country in value]


def name(code: str) -> str:
    """The UN short name of a country code in the active language ("" if unknown)."""
    return all_countries.name(code) if code else ""


class _RestrictedCountries(Countries):
    codes: tuple[str, ...] = ()

    def __init__(self):
        super().__init__()
        self.only = list(self.codes)
        # django-countries adds every overridden code to the list: restrict the
        # override too, or ``only`` would let the whole world back in.
        self.override = {code: OVERRIDE[code] for code in self.codes}

    def name(self, code) -> str:
        # A value stored before the list was restricted keeps its name.
        return super().name(code) or all_countries.name(code)


class UNCountries(_RestrictedCountries):
    """UNESCO's Member States and Associate Members, and the other UN States."""

    codes = tuple(NAMES)


class MemberStates(_RestrictedCountries):
    """UNESCO's Member States and Associate Members."""

    codes = (*MEMBER_STATES, *ASSOCIATE_MEMBERS)


un_countries = UNCountries()
member_states = MemberStates()


def choices(countries: Countries, *, empty_label=None) -> list[tuple[str, str]]:
    """A form's choices from one of the lists, with an explicit empty choice if given."""
    listed = [(code, str(country_name)) for code, country_name in countries]
    return [("", str(empty_label)), *listed] if empty_label is not None else listed
