#!/usr/bin/env python3
"""Fills a set-up Palabre data folder with a large, realistic consultation (PRODUCT.md §5):
by default 20,000 proposals, 100,000 comments and 500,000 supports.

    python3 tests/bench/seed.py DATA_DIR [--proposals N] [--comments N] [--supports N] [--seed S]

The server must NOT be running on DATA_DIR. Rows are written with Python's sqlite3 straight
into DATA_DIR/palabre.sqlite3, in a few big transactions, following the schema of
src/db/migrations/*.sql: the FTS index (proposals_fts) is filled by the schema's own triggers,
support_count / comment_count match the rows inserted, and the WAL is checkpointed at the end.

Deterministic for a given --seed. Prints one JSON line of counts on stdout.
"""

import argparse
import csv
import hashlib
import json
import os
import random
import sqlite3
import sys
import time

DAY = 86_400
SPREAD_DAYS = 60

# --------------------------------------------------------------------------------------------
# French text, built from phrase banks so that 20,000 proposals read differently.

SUBJECTS = {
    "budget": ["le budget de la commune", "les dépenses du conseil régional", "le budget citoyen",
               "les crédits alloués aux écoles", "l'exécution du budget de l'État"],
    "gouvernance-locale": ["le conseil municipal", "les comités de quartier", "la mairie",
                           "le budget participatif local", "les réunions du conseil régional"],
    "anticorruption": ["les marchés publics", "les contrôles routiers", "la délivrance des permis",
                       "les recrutements dans la fonction publique", "les paiements en espèces"],
    "patrimoine": ["les déclarations de patrimoine des élus", "les conflits d'intérêts des ministres",
                   "le patrimoine des hauts fonctionnaires", "les cadeaux reçus par les agents"],
    "acces-information": ["l'accès aux documents administratifs", "la publication des décrets",
                          "les archives de la préfecture", "les réponses aux demandes d'information"],
    "donnees-ouvertes": ["les données des marchés publics", "les statistiques scolaires",
                         "les données de santé publique", "le cadastre numérique"],
    "services-publics": ["l'état civil", "la délivrance des cartes d'identité", "le guichet unique",
                         "les bureaux de poste ruraux", "l'accueil dans les sous-préfectures"],
    "sante": ["le centre de santé", "la maternité du district", "les médicaments essentiels",
              "la couverture maladie universelle", "l'hôpital général", "les agents de santé communautaires"],
    "education": ["l'école primaire", "les cantines scolaires", "les manuels scolaires",
                  "le collège de proximité", "les enseignants bénévoles"],
    "vie-chere": ["le prix du riz", "le coût du transport", "les loyers en ville",
                  "le prix du gaz butane", "les frais de scolarité"],
    "foncier": ["les certificats fonciers", "les litiges fonciers villageois", "le cadastre rural",
                "les titres de propriété", "la délimitation des terroirs"],
    "environnement": ["la gestion des déchets", "la lagune Ébrié", "les forêts classées",
                      "l'érosion côtière", "les caniveaux bouchés"],
    "ressources-naturelles": ["les revenus miniers", "l'orpaillage clandestin", "la filière cacao",
                              "les permis d'exploitation forestière", "l'eau potable des villages"],
    "justice": ["les tribunaux de première instance", "l'aide juridictionnelle",
                "la détention préventive", "les audiences foraines"],
    "espace-civique": ["la liberté d'association", "les autorisations de manifester",
                       "les radios communautaires", "la protection des lanceurs d'alerte"],
    "participation": ["les consultations publiques", "les forums citoyens",
                      "les assemblées villageoises", "le dialogue avec la jeunesse"],
    "numerique": ["les services en ligne", "la couverture du réseau mobile", "le paiement mobile des taxes",
                  "les cybercentres communautaires"],
    "genre-inclusion": ["la participation des femmes", "l'accès des personnes handicapées",
                        "l'inclusion des jeunes ruraux", "les coopératives féminines"],
    "autre": ["la sécurité routière", "l'éclairage public", "les marchés couverts", "le sport de quartier"],
}

PROBLEMS = [
    "Aujourd'hui, {s} ne fonctionne pas comme prévu à {z} : les habitants attendent des semaines sans réponse.",
    "Les familles de {z} se plaignent depuis longtemps de {s}, car personne ne sait qui est responsable.",
    "À {z}, {s} coûte trop cher et les plus pauvres renoncent, faute d'information claire.",
    "Les coupures d'électricité fréquentes à {z} perturbent {s} et découragent les usagers.",
    "Il n'existe aucun affichage public sur {s} ; les rumeurs remplacent les faits.",
    "Les femmes et les jeunes de {z} ne sont presque jamais consultés sur {s}.",
    "Les délais pour {s} dépassent souvent trois mois, ce qui favorise les intermédiaires.",
    "Les informations sur {s} ne sont publiées qu'en français, alors que beaucoup parlent dioula ou baoulé.",
    "Les villages éloignés de {z} n'ont ni route praticable ni téléphone pour suivre {s}.",
    "Depuis la saison des pluies, {s} est à l'arrêt et les réclamations restent sans suite.",
    "Personne ne contrôle vraiment {s}, et les plaintes déposées à la mairie se perdent.",
    "Le manque d'eau courante et de personnel rend {s} difficile, surtout pendant la saison sèche.",
]

SOLUTIONS = [
    "Publier chaque trimestre un tableau simple sur {s}, affiché à la mairie et diffusé à la radio locale.",
    "Créer un comité de suivi mixte (élus, société civile, usagers) qui se réunit tous les deux mois à {z}.",
    "Mettre en place un numéro vert gratuit et un registre des plaintes concernant {s}.",
    "Installer des panneaux solaires pour garantir la continuité de {s} pendant les délestages.",
    "Former des relais communautaires pour expliquer {s} dans les langues locales.",
    "Ouvrir les données sur {s} dans un format réutilisable, avec une mise à jour mensuelle.",
    "Fixer un délai maximal de quinze jours pour {s} et publier les retards.",
    "Organiser des audiences publiques annuelles sur {s} avec compte rendu écrit.",
    "Réserver une part du budget participatif de {z} à {s}, votée par les habitants.",
    "Tenir une permanence mobile une fois par mois dans les villages pour {s}.",
]

DETAILS = [
    "Cela renforcerait la confiance entre l'administration et les citoyens.",
    "Les associations de quartier sont prêtes à aider bénévolement.",
    "Une expérience similaire a réussi à Bouaké l'année dernière.",
    "Le coût serait modeste comparé aux pertes actuelles.",
    "Les résultats pourraient être présentés lors du prochain forum multi-acteurs.",
    "Il faudrait aussi penser aux personnes qui ne savent ni lire ni écrire.",
    "Les élèves et leurs parents seraient les premiers bénéficiaires.",
    "La radio communautaire peut relayer l'information chaque semaine.",
    "Un suivi indépendant par la société civile garantirait l'honnêteté du dispositif.",
    "Il faut que les frais éventuels soient affichés et qu'un reçu soit toujours délivré.",
]

TITLES = [
    "Rendre public {s}", "Améliorer {s} à {z}", "Mieux contrôler {s}", "Informer les habitants sur {s}",
    "Réduire les délais pour {s}", "Associer les jeunes à {s}", "Garantir la continuité de {s}",
    "Un registre des plaintes pour {s}", "Des données ouvertes sur {s}", "Plus de transparence sur {s}",
]

COMMENTS = [
    "Tout à fait d'accord, c'est la même situation chez nous.",
    "Bonne idée, mais qui va financer cela ?",
    "Il faudrait aussi penser aux villages qui n'ont pas l'électricité.",
    "Je soutiens, à condition que les femmes soient associées dès le début.",
    "C'est déjà prévu dans le plan d'action précédent, où en est-on ?",
    "Merci pour cette proposition, elle répond à un vrai besoin.",
    "Attention à ne pas créer encore un comité qui ne se réunit jamais.",
    "La radio locale pourrait aider à diffuser l'information en dioula.",
    "Nous avons essayé à Daloa, cela a bien marché pendant un an.",
    "Il manque un calendrier précis et un responsable désigné.",
    "Très important pour les élèves du secondaire.",
    "Les coupures d'électricité rendent tout cela difficile, il faut commencer par là.",
]
COMMENT_TAILS = [
    "", " Merci.", " À suivre de près.", " Courage à tous.", " Les habitants de {z} sont prêts.",
    " Qu'en pense la mairie ?", " C'est urgent.",
]

ANSWERS = [
    "Proposition examinée par le comité technique ; elle sera intégrée au prochain plan d'action.",
    "Cette proposition relève des collectivités territoriales ; elle leur a été transmise.",
    "Retenue en partie : la publication trimestrielle est acceptée, le comité de suivi est à l'étude.",
    "Non retenue faute de financement disponible pour cet exercice budgétaire.",
]

AUTHORS = ["", "", "", "Awa K.", "Yao Kouassi", "Mariam Traoré", "Jean-Baptiste N'Guessan",
           "Aminata Coulibaly", "Koffi A.", "Fatou Diabaté", "Éric Gnagne", "Adjoua Kouamé"]
ORGS = ["", "", "", "", "Association des femmes de Bouaflé", "ONG Lumière d'Afrique",
        "Coopérative agricole de Soubré", "Syndicat des enseignants du primaire",
        "Collectif des jeunes de Yopougon", "Chambre de commerce"]
OGP = ["transparence", "participation", "redevabilite", "numerique"]

STATUS_MIX = [("recue", 55), ("en-analyse", 20), ("retenue", 8), ("retenue-en-partie", 6),
              ("non-retenue", 6), ("hors-champ", 4), ("fusionnee", 1)]
WITHHELD = ["hors-sujet", "injurieux", "donnees-personnelles", "doublon", "publicite", "autre"]


def read_csv(top, name):
    with open(os.path.join(top, "assets", "data", name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.uniform(0, total)
    for v, w in pairs:
        x -= w
        if x <= 0:
            return v
    return pairs[-1][0]


def split_counts(rng, total, weights):
    """Integers proportional to `weights` summing exactly to `total`."""
    s = sum(weights)
    raw = [w * total / s for w in weights]
    out = [int(r) for r in raw]
    short = total - sum(out)
    order = sorted(range(len(weights)), key=lambda i: raw[i] - out[i], reverse=True)
    for i in order[:short]:
        out[i] += 1
    return out


def capped_counts(rng, total, weights, cap):
    """Like split_counts, but no count above `cap`: the excess goes to the others in
    proportion to their weights (water-filling, bounded)."""
    if cap * len(weights) < total:
        sys.exit(f"seed.py: cannot spread {total} over {len(weights)} proposals with at most {cap} each")
    counts = [0] * len(weights)
    open_ = list(range(len(weights)))
    left = total
    for _ in range(200):
        if left == 0:
            break
        share = split_counts(rng, left, [weights[i] for i in open_])
        still = []
        for i, c in zip(open_, share):
            room = cap - counts[i]
            add = min(room, c)
            counts[i] += add
            left -= add
            if counts[i] < cap:
                still.append(i)
        open_ = still
    if left:
        sys.exit("seed.py: could not spread the counts")
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data_dir")
    ap.add_argument("--proposals", type=int, default=20_000)
    ap.add_argument("--comments", type=int, default=100_000)
    ap.add_argument("--supports", type=int, default=500_000)
    ap.add_argument("--seed", type=int, default=20_250_601)
    args = ap.parse_args()

    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.path.join(args.data_dir, "palabre.sqlite3")
    if not os.path.isfile(path):
        sys.exit(f"seed.py: {path} does not exist (run first-run setup first)")
    rng = random.Random(args.seed)
    t0 = time.perf_counter()

    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 10000")
    # Bulk load: durability per transaction is pointless here; the file is checkpointed at the end.
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -262144")
    if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        sys.exit("seed.py: the database is not in WAL mode (was it set up by palabre?)")
    if db.execute("SELECT count(*) FROM proposals").fetchone()[0]:
        sys.exit("seed.py: the database already holds proposals")
    row = db.execute("SELECT id, opens_at FROM consultations WHERE id = 1").fetchone()
    if not row:
        sys.exit("seed.py: no consultation 1 (first-run setup not done?)")
    themes = [r[0] for r in db.execute("SELECT code FROM themes WHERE active = 1 ORDER BY position, id")]
    if not themes:
        sys.exit("seed.py: the themes table is empty")
    instance = db.execute("SELECT value FROM settings WHERE key = 'instance_id'").fetchone()
    instance = instance[0] if instance else "bench-seed"
    zones = [(z["slug"], z["name"]) for z in read_csv(top, "ci_zones.csv")]
    ctypes = [c["code"] for c in read_csv(top, "contributor_types.csv")]
    ctype_w = [(c, w) for c, w in zip(ctypes, [60, 25, 8, 7] + [3] * max(0, len(ctypes) - 4))]

    now = int(time.time())
    start = now - SPREAD_DAYS * DAY
    n = args.proposals

    def uid():
        return "%032x" % rng.getrandbits(128)

    # The consultation has been open for the whole period the contributions cover.
    db.execute("BEGIN IMMEDIATE")
    db.execute("UPDATE consultations SET opens_at = min(opens_at, ?) WHERE id = 1", (start - DAY,))

    # ---- proposals -------------------------------------------------------------------------
    props = []  # (id, created_at, moderation)
    created = sorted(rng.randint(start, now - 60) for _ in range(n))
    rows = []
    for i in range(n):
        theme = rng.choice(themes)
        zone_slug, zone_name = rng.choice(zones)
        subjects = SUBJECTS.get(theme, SUBJECTS["autre"])
        s = rng.choice(subjects)
        title = rng.choice(TITLES).format(s=s, z=zone_name)
        title = (title[0].upper() + title[1:])[:200]
        problem = " ".join(
            [rng.choice(PROBLEMS).format(s=s, z=zone_name)]
            + rng.sample(DETAILS, rng.randint(1, 4))
            + ([rng.choice(PROBLEMS).format(s=rng.choice(subjects), z=zone_name)] if rng.random() < 0.4 else [])
        )
        solution = " ".join(
            [rng.choice(SOLUTIONS).format(s=s, z=zone_name)] + rng.sample(DETAILS, rng.randint(0, 3))
        )
        benefit = rng.choice(DETAILS) if rng.random() < 0.5 else ""
        r = rng.random()
        if r < 0.92:
            moderation, reason = "approved", None
        elif r < 0.97:
            moderation, reason = "pending", None
        else:
            moderation, reason = "rejected", rng.choice(WITHHELD)
        status = weighted(rng, STATUS_MIX) if moderation == "approved" else "recue"
        answered = status not in ("recue", "en-analyse")
        answer = rng.choice(ANSWERS) if answered else ""
        answered_at = min(now, created[i] + rng.randint(DAY, 20 * DAY)) if answered else None
        values = ",".join(sorted(rng.sample(OGP, rng.randint(0, 2))))
        token = rng.getrandbits(192).to_bytes(24, "big")
        pid = i + 1
        rows.append((
            pid, uid(), instance, pid, 1, title, problem, solution, benefit, theme, zone_slug,
            weighted(rng, ctype_w), values, rng.choice(AUTHORS), rng.choice(ORGS), "fr", "en_ligne",
            hashlib.sha256(token).digest(), moderation, status, created[i], answer, reason,
            answered_at,
        ))
        props.append((pid, created[i], moderation))
    db.executemany(
        "INSERT INTO proposals(id, uid, instance_id, ref_number, consultation_id, title, problem, solution, "
        "benefit, theme, zone, contributor_type, ogp_values, author_name, organisation, language, channel, "
        "follow_token_hash, moderation, status, created_at, answer, withheld_reason, answered_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    del rows
    db.execute("COMMIT")
    t_prop = time.perf_counter()

    # Popularity: heavy-tailed, published proposals only (nobody sees the others).
    published = [p for p in props if p[2] == "approved"]
    pop = [rng.paretovariate(1.5) for _ in published]

    # ---- supports --------------------------------------------------------------------------
    pool_size = max(1000, args.supports // 6)  # ~6 supports per participant on average
    participants = ["%024x" % rng.getrandbits(96) for _ in range(pool_size)]
    # Nobody gets more than 1 % of all supports (and never more than there are participants).
    counts = capped_counts(rng, args.supports, pop, min(pool_size, max(1, args.supports // 100)))
    support_count = {}
    db.execute("BEGIN IMMEDIATE")
    batch = []
    for (pid, pc, _), c in zip(published, counts):
        if c == 0:
            continue
        support_count[pid] = c
        for who in rng.sample(participants, c):
            batch.append((uid(), instance, pid, who, rng.randint(pc, now)))
        if len(batch) >= 50_000:
            db.executemany("INSERT INTO supports(uid, instance_id, proposal_id, participant, created_at) "
                           "VALUES (?,?,?,?,?)", batch)
            batch.clear()
    db.executemany("INSERT INTO supports(uid, instance_id, proposal_id, participant, created_at) "
                   "VALUES (?,?,?,?,?)", batch)
    batch.clear()
    db.execute("COMMIT")
    t_sup = time.perf_counter()

    # ---- comments --------------------------------------------------------------------------
    cpop = [p ** 0.7 for p in pop]
    ccounts = capped_counts(rng, args.comments, cpop, max(1, args.comments // 200))
    comment_count = {}
    db.execute("BEGIN IMMEDIATE")
    for (pid, pc, _), c in zip(published, ccounts):
        if c == 0:
            continue
        comment_count[pid] = c
        zn = rng.choice(zones)[1]
        for _ in range(c):
            body = rng.choice(COMMENTS) + rng.choice(COMMENT_TAILS).format(z=zn)
            batch.append((uid(), instance, pid, body, rng.choice(AUTHORS), "approved", rng.randint(pc, now)))
        if len(batch) >= 50_000:
            db.executemany("INSERT INTO comments(uid, instance_id, proposal_id, body, author_name, moderation, "
                           "created_at) VALUES (?,?,?,?,?,?,?)", batch)
            batch.clear()
    db.executemany("INSERT INTO comments(uid, instance_id, proposal_id, body, author_name, moderation, "
                   "created_at) VALUES (?,?,?,?,?,?,?)", batch)
    batch.clear()
    # Counters consistent with the rows.
    db.executemany("UPDATE proposals SET support_count = ?, comment_count = ? WHERE id = ?",
                   [(support_count.get(p[0], 0), comment_count.get(p[0], 0), p[0]) for p in published])
    db.execute("COMMIT")
    t_com = time.perf_counter()

    # Device marks (migration 0013), as the site writes them: 16 hex digits of a keyed hash of
    # the participant cookie. Supports carry their participant's; proposals and comments come
    # from about 30,000 devices, some of which also support. Skipped on an older schema.
    if any(r[1] == "device" for r in db.execute("PRAGMA table_info(supports)")):
        db.create_function("mark", 1, lambda s: hashlib.sha256(s.encode()).hexdigest()[:16],
                           deterministic=True)
        db.execute("BEGIN")
        db.execute("UPDATE supports SET device = mark(participant)")
        db.execute("UPDATE proposals SET device = mark('device-' || (id * 7919 % 30000)) "
                   "WHERE channel <> 'papier'")
        db.execute("UPDATE comments SET device = mark('device-' || (id * 104729 % 30000))")
        db.execute("COMMIT")

    check = db.execute(
        "SELECT (SELECT count(*) FROM proposals), (SELECT count(*) FROM comments), (SELECT count(*) FROM supports), "
        "(SELECT count(*) FROM proposals p WHERE support_count <> (SELECT count(*) FROM supports s WHERE s.proposal_id = p.id)), "
        "(SELECT count(*) FROM proposals p WHERE comment_count <> (SELECT count(*) FROM comments c "
        "  WHERE c.proposal_id = p.id AND c.moderation = 'approved')), "
        "(SELECT count(*) FROM proposals_fts WHERE proposals_fts MATCH '\"electricite\"*'), "
        "(SELECT count(*) FROM proposals WHERE moderation = 'approved')"
    ).fetchone()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    np_, nc, ns, bad_s, bad_c, fts_hits, n_pub = check
    if (np_, nc, ns) != (n, args.comments, args.supports) or bad_s or bad_c:
        sys.exit(f"seed.py: inconsistent result {check}")
    print(json.dumps({
        "proposals": np_, "published": n_pub, "comments": nc, "supports": ns,
        "fts_electricite": fts_hits, "bytes": os.path.getsize(path),
        "seconds": round(time.perf_counter() - t0, 1),
        "seconds_proposals": round(t_prop - t0, 1), "seconds_supports": round(t_sup - t_prop, 1),
        "seconds_comments": round(t_com - t_sup, 1),
    }))


if __name__ == "__main__":
    main()
