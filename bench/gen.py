#!/usr/bin/env python3
"""Deterministic, realistic synthetic content for the Akun Resmi benchmarks.

usage: python bench/gen.py N OUTDIR [--seed 42]

Writes OUTDIR/site.yaml and OUTDIR/agencies/<slug>.yaml (N files, one of them `humas`), valid
per akunresmi/schema/{site,agency}.schema.json and the cross-file rules of the build (unique
handles, fallbacks that reach an active account, no dates in the future). OUTDIR/agencies is
replaced whole; nothing else in OUTDIR is touched. Same N and seed -> byte-identical files.

Python 3.11 standard library only (no PyYAML needed to write; bench/check_gen.py reads it back).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
from datetime import date, timedelta

BASE_URL = "https://example.github.io/akun-resmi/"
DATE_MIN = date(2024, 1, 1)
DATE_MAX = date(2026, 6, 30)

# --- places -----------------------------------------------------------------------------------

KABUPATEN = """Aceh Besar, Aceh Utara, Pidie, Bireuen, Deli Serdang, Langkat, Simalungun, Karo, Asahan,
Labuhanbatu, Tapanuli Utara, Padang Pariaman, Agam, Tanah Datar, Pesisir Selatan, Kampar, Bengkalis,
Indragiri Hilir, Siak, Muaro Jambi, Kerinci, Banyuasin, Musi Banyuasin, Ogan Komering Ilir, Lahat,
Rejang Lebong, Lampung Selatan, Lampung Tengah, Tanggamus, Pringsewu, Bangka, Belitung, Bintan,
Karimun, Serang, Pandeglang, Lebak, Tangerang, Bogor, Sukabumi, Cianjur, Bandung, Garut, Tasikmalaya,
Ciamis, Kuningan, Cirebon, Majalengka, Sumedang, Indramayu, Subang, Purwakarta, Karawang, Bekasi,
Cilacap, Banyumas, Purbalingga, Banjarnegara, Kebumen, Purworejo, Wonosobo, Magelang, Boyolali,
Klaten, Sukoharjo, Wonogiri, Karanganyar, Sragen, Grobogan, Blora, Rembang, Pati, Kudus, Jepara,
Demak, Semarang, Temanggung, Kendal, Batang, Pekalongan, Pemalang, Tegal, Brebes, Kulon Progo,
Bantul, Gunungkidul, Sleman, Pacitan, Ponorogo, Trenggalek, Tulungagung, Blitar, Kediri, Malang,
Lumajang, Jember, Banyuwangi, Bondowoso, Situbondo, Probolinggo, Pasuruan, Sidoarjo, Mojokerto,
Jombang, Nganjuk, Madiun, Magetan, Ngawi, Bojonegoro, Tuban, Lamongan, Gresik, Bangkalan, Sampang,
Pamekasan, Sumenep, Badung, Gianyar, Tabanan, Buleleng, Lombok Barat, Lombok Tengah, Lombok Timur,
Bima, Sumba Timur, Kupang, Sambas, Ketapang, Kotawaringin Barat, Kapuas, Banjar, Tanah Laut, Kutai
Kartanegara, Berau, Paser, Minahasa, Bolaang Mongondow, Gorontalo, Donggala, Poso, Banggai, Gowa,
Maros, Bone, Wajo, Luwu, Konawe, Kolaka, Buton, Maluku Tengah, Halmahera Utara, Jayapura, Merauke,
Mimika, Manokwari""".replace("\n", " ")
KOTA = """Banda Aceh, Medan, Pematangsiantar, Padang, Bukittinggi, Pekanbaru, Jambi, Palembang,
Bengkulu, Bandar Lampung, Metro, Pangkalpinang, Batam, Tanjungpinang, Cilegon, Tangerang Selatan,
Depok, Bogor, Sukabumi, Bandung, Cimahi, Cirebon, Tasikmalaya, Banjar, Bekasi, Semarang, Surakarta,
Salatiga, Magelang, Pekalongan, Tegal, Yogyakarta, Surabaya, Malang, Batu, Kediri, Blitar, Madiun,
Mojokerto, Pasuruan, Probolinggo, Denpasar, Mataram, Kupang, Pontianak, Singkawang, Palangka Raya,
Banjarmasin, Balikpapan, Samarinda, Manado, Palu, Makassar, Parepare, Kendari, Ambon, Ternate,
Jayapura, Sorong""".replace("\n", " ")

PLACE_HEAD = ("Karang Sumber Wono Sido Tegal Kedung Banjar Tanjung Ngadi Purwo Jati Suka Ci Gunung "
              "Bandar Mojo Pandan Kali Sri Tambak Watu Margo Bumi Selo Tirto Pager Krajan Dukuh Lemah "
              "Rowo Giri Bojong Pasir Setu Tanah").split()
PLACE_TAIL = ("rejo sari mulyo agung jaya makmur harjo asri wangi kidul lor wetan kulon mekar baru raya "
              "tengah jati anyar utara indah arum dadi luhur mukti santosa lestari kerto tunggal").split()
STREETS = ["Jenderal Sudirman", "Ahmad Yani", "Diponegoro", "Pemuda", "Pahlawan", "Gatot Subroto",
           "Veteran", "Merdeka", "Kartini", "Gajah Mada", "Hayam Wuruk", "Imam Bonjol", "Pattimura",
           "Sisingamangaraja", "Pangeran Antasari", "Dr. Wahidin", "Mayor Sunaryo", "Raya Pemda"]
MEDIA = ["Kompas", "Detik", "Antara", "Tempo", "Suara Merdeka", "Jawa Pos", "Pikiran Rakyat",
         "Radar {r}", "Tribun {r}", "Info {r}"]

# --- complaint vocabulary: topic -> [(service, description, keyword pool)] ----------------------

S = {
    "kesehatan": [
        ("Pelayanan puskesmas", "Keluhan pelayanan di puskesmas dan puskesmas pembantu.",
         ["puskesmas", "antre lama", "dokter tidak ada", "pelayanan lambat", "obat habis", "bidan desa"]),
        ("Imunisasi dan posyandu", "Imunisasi anak, jadwal posyandu dan vaksin.",
         ["imunisasi", "vaksin", "posyandu", "jadwal vaksin", "kartu imunisasi"]),
        ("Pengendalian penyakit", "Demam berdarah, wabah, fogging dan keracunan makanan.",
         ["DBD", "fogging", "wabah", "keracunan makanan", "nyamuk", "diare"]),
        ("Gizi dan kesehatan ibu anak", "Stunting, gizi buruk dan kesehatan ibu hamil.",
         ["stunting", "gizi buruk", "ibu hamil", "balita kurus", "PMT"]),
        ("Jaminan kesehatan daerah", "Kepesertaan BPJS yang ditanggung daerah.",
         ["BPJS", "KIS", "BPJS nonaktif", "ditolak BPJS", "iuran BPJS", "jamkesda"]),
    ],
    "rumahsakit": [
        ("Pelayanan rawat jalan", "Pendaftaran, antrean poli dan jadwal dokter spesialis.",
         ["antre poli", "jadwal dokter", "pendaftaran online", "dokter spesialis", "antrean panjang"]),
        ("Instalasi gawat darurat", "Pelayanan IGD 24 jam dan ambulans.",
         ["IGD", "ambulans", "gawat darurat", "ditolak IGD", "pasien telantar"]),
        ("Rawat inap", "Kamar, kebersihan ruangan dan pelayanan perawat.",
         ["kamar penuh", "rawat inap", "perawat judes", "kamar mandi kotor", "kelas BPJS"]),
        ("Tagihan dan BPJS", "Biaya perawatan, klaim BPJS dan rincian tagihan.",
         ["tagihan rumah sakit", "biaya mahal", "klaim BPJS", "disuruh bayar", "obat beli sendiri"]),
    ],
    "pendidikan": [
        ("Penerimaan murid baru", "Pendaftaran SD dan SMP negeri, zonasi dan jalur afirmasi.",
         ["PPDB", "SPMB", "zonasi", "daftar sekolah", "tidak diterima", "jalur afirmasi"]),
        ("Pungutan sekolah", "Sumbangan, seragam dan pungutan yang memberatkan orang tua.",
         ["pungutan sekolah", "uang seragam", "uang gedung", "LKS wajib", "pungli sekolah"]),
        ("Bantuan pendidikan", "Program Indonesia Pintar dan beasiswa daerah.",
         ["PIP", "KIP", "beasiswa", "dana PIP", "bantuan siswa"]),
        ("Sarana sekolah", "Ruang kelas rusak, toilet dan perlengkapan sekolah.",
         ["kelas rusak", "atap sekolah bocor", "toilet sekolah", "meja rusak", "sekolah roboh"]),
        ("Guru dan tenaga kependidikan", "Guru honorer, tunjangan dan kekurangan guru.",
         ["guru honorer", "kekurangan guru", "gaji guru", "tunjangan guru", "guru jarang masuk"]),
    ],
    "kependudukan": [
        ("KTP elektronik", "Perekaman, pencetakan dan penggantian KTP-el.",
         ["KTP", "e-KTP", "KTP hilang", "blangko habis", "rekam KTP", "KTP rusak"]),
        ("Kartu Keluarga", "Penerbitan dan perubahan data Kartu Keluarga.",
         ["KK", "kartu keluarga", "pecah KK", "tambah anggota KK", "salah nama"]),
        ("Akta kelahiran dan kematian", "Penerbitan akta kelahiran, kematian dan perkawinan.",
         ["akta kelahiran", "akte lahir", "akta kematian", "akta nikah", "akte hilang"]),
        ("Pindah datang", "Surat pindah dan pendaftaran penduduk datang.",
         ["surat pindah", "pindah domisili", "SKPWNI", "pindah alamat", "penduduk datang"]),
        ("Kartu Identitas Anak", "Penerbitan KIA untuk anak di bawah 17 tahun.",
         ["KIA", "kartu anak", "kartu identitas anak"]),
    ],
    "jalan": [
        ("Jalan kabupaten", "Jalan rusak, berlubang atau ambles di ruas milik kabupaten.",
         ["jalan rusak", "jalan berlubang", "aspal rusak", "jalan ambles", "jalan becek", "tambal jalan"]),
        ("Jembatan", "Jembatan rusak, putus atau membahayakan.",
         ["jembatan rusak", "jembatan putus", "jembatan ambrol", "jembatan goyang"]),
        ("Drainase", "Selokan mampet, gorong-gorong dan genangan.",
         ["selokan mampet", "got", "drainase", "genangan", "gorong-gorong", "banjir jalan"]),
        ("Penerangan jalan umum", "Lampu jalan mati atau rusak.",
         ["lampu jalan mati", "PJU", "penerangan jalan", "jalan gelap"]),
        ("Izin bangunan", "Persetujuan bangunan gedung dan tata ruang.",
         ["PBG", "IMB", "bangunan liar", "tata ruang", "sempadan jalan"]),
    ],
    "perhubungan": [
        ("Angkutan umum", "Trayek, tarif dan pelayanan angkutan umum.",
         ["angkot", "angkutan umum", "tarif angkot", "bus kota", "sopir ugal-ugalan"]),
        ("Parkir", "Parkir liar dan juru parkir tanpa karcis.",
         ["parkir liar", "jukir liar", "tarif parkir", "karcis parkir"]),
        ("Lampu lalu lintas", "Lampu merah mati dan rambu lalu lintas.",
         ["lampu merah mati", "traffic light", "rambu hilang", "APILL", "marka jalan"]),
        ("Uji kendaraan", "Uji KIR kendaraan angkutan.",
         ["uji KIR", "buku KIR", "kendaraan over dimensi", "truk ODOL"]),
    ],
    "lingkungan": [
        ("Sampah", "Pengangkutan sampah dan tempat pembuangan sementara.",
         ["sampah", "sampah menumpuk", "TPS penuh", "sampah tidak diangkut", "bakar sampah"]),
        ("Pencemaran", "Pencemaran sungai, udara dan limbah pabrik.",
         ["pencemaran", "limbah pabrik", "sungai tercemar", "bau busuk", "asap pabrik", "polusi"]),
        ("Ruang terbuka hijau", "Taman kota dan pohon di ruang publik.",
         ["taman kota", "pohon tumbang", "pohon rawan", "penebangan pohon"]),
    ],
    "sosial": [
        ("Bantuan sosial", "PKH, BPNT dan bantuan sosial daerah.",
         ["bansos", "PKH", "BPNT", "bansos tidak cair", "tidak dapat bansos", "bantuan salah sasaran"]),
        ("Data kesejahteraan sosial", "Pendaftaran dan perbaikan DTSEN/DTKS.",
         ["DTKS", "DTSEN", "daftar miskin", "SKTM", "data ganda"]),
        ("Penyandang masalah sosial", "Orang telantar, gelandangan dan ODGJ di jalan.",
         ["ODGJ", "gelandangan", "pengemis", "anak jalanan", "orang telantar"]),
        ("Penyandang disabilitas", "Alat bantu dan layanan bagi penyandang disabilitas.",
         ["disabilitas", "kursi roda", "alat bantu dengar", "difabel"]),
    ],
    "tenagakerja": [
        ("Kartu pencari kerja", "Penerbitan kartu kuning (AK/1).",
         ["kartu kuning", "AK1", "kartu pencari kerja", "pencaker"]),
        ("Perselisihan kerja", "PHK, upah di bawah UMK dan hak pekerja.",
         ["PHK", "gaji tidak dibayar", "upah di bawah UMK", "THR", "pesangon", "BPJS Ketenagakerjaan"]),
        ("Pelatihan kerja", "Pelatihan di balai latihan kerja.",
         ["pelatihan kerja", "BLK", "kursus gratis", "sertifikat pelatihan"]),
        ("Pekerja migran", "Penempatan dan perlindungan pekerja migran.",
         ["TKI", "PMI", "pekerja migran", "calo TKI", "paspor kerja"]),
    ],
    "perizinan": [
        ("Perizinan berusaha", "NIB, izin usaha dan perizinan lewat OSS.",
         ["izin usaha", "NIB", "OSS", "izin lama", "izin ditolak"]),
        ("Mal pelayanan publik", "Antrean dan layanan di mal pelayanan publik.",
         ["MPP", "mal pelayanan publik", "antrean MPP", "loket tutup"]),
        ("Izin reklame", "Izin pemasangan reklame dan baliho.",
         ["reklame", "baliho liar", "spanduk liar", "izin reklame"]),
    ],
    "kominfo": [
        ("Informasi publik", "Permohonan informasi publik lewat PPID.",
         ["PPID", "informasi publik", "minta data", "keterbukaan informasi"]),
        ("Jaringan internet publik", "Wifi publik dan sinyal di desa.",
         ["wifi gratis", "sinyal hilang", "blank spot", "internet desa"]),
        ("Hoaks", "Klarifikasi kabar bohong tentang pemerintah daerah.",
         ["hoaks", "berita bohong", "klarifikasi", "akun palsu"]),
    ],
    "pertanian": [
        ("Pupuk bersubsidi", "Ketersediaan dan harga pupuk bersubsidi.",
         ["pupuk langka", "pupuk subsidi", "kartu tani", "harga pupuk", "RDKK"]),
        ("Penyuluhan pertanian", "Penyuluh lapangan dan kelompok tani.",
         ["penyuluh", "kelompok tani", "gapoktan", "hama wereng", "gagal panen"]),
        ("Peternakan", "Kesehatan hewan dan penyakit ternak.",
         ["PMK", "sapi sakit", "vaksin ternak", "antraks", "flu burung"]),
    ],
    "perumahan": [
        ("Rumah tidak layak huni", "Bantuan perbaikan rumah tidak layak huni.",
         ["RTLH", "bedah rumah", "rumah rusak", "bantuan rumah"]),
        ("Permukiman", "Kawasan kumuh, PSU perumahan dan air bersih.",
         ["kawasan kumuh", "PSU perumahan", "air bersih", "sanitasi"]),
        ("Pemakaman umum", "Makam umum dan izin pemakaman.",
         ["makam", "TPU penuh", "izin makam", "biaya makam"]),
    ],
    "umkm": [
        ("Koperasi", "Pembinaan koperasi dan koperasi bermasalah.",
         ["koperasi", "koperasi bodong", "simpanan tidak kembali", "RAT koperasi"]),
        ("Usaha mikro", "Pendaftaran dan pendampingan UMKM.",
         ["UMKM", "bantuan modal", "sertifikat halal", "izin PIRT", "pelatihan UMKM"]),
    ],
    "perdagangan": [
        ("Pasar tradisional", "Kebersihan, retribusi dan kios pasar.",
         ["pasar becek", "retribusi pasar", "kios pasar", "pasar kotor", "pedagang kaki lima"]),
        ("Harga kebutuhan pokok", "Harga dan ketersediaan bahan pokok.",
         ["harga beras", "minyak goreng", "gas elpiji", "elpiji langka", "harga cabai"]),
        ("Tera dan metrologi", "Timbangan curang dan tera ulang.",
         ["timbangan curang", "tera ulang", "takaran BBM"]),
    ],
    "pariwisata": [
        ("Objek wisata", "Kebersihan, tiket dan fasilitas objek wisata.",
         ["tiket wisata", "pungli wisata", "toilet wisata", "parkir wisata", "wisata kotor"]),
        ("Olahraga dan pemuda", "Fasilitas olahraga dan kegiatan kepemudaan.",
         ["GOR", "stadion", "lapangan rusak", "karang taruna"]),
        ("Kebudayaan", "Cagar budaya dan kesenian daerah.",
         ["cagar budaya", "sanggar seni", "festival budaya"]),
    ],
    "kebakaran": [
        ("Pemadaman kebakaran", "Kebakaran rumah, lahan dan gedung.",
         ["kebakaran", "rumah terbakar", "lahan terbakar", "damkar lambat", "hidran"]),
        ("Penyelamatan", "Evakuasi hewan liar, sarang tawon dan penyelamatan warga.",
         ["sarang tawon", "ular masuk rumah", "cincin tersangkut", "evakuasi"]),
    ],
    "perpustakaan": [
        ("Perpustakaan daerah", "Peminjaman buku, kartu anggota dan jam buka.",
         ["perpustakaan", "pinjam buku", "kartu anggota", "perpustakaan keliling"]),
        ("Arsip daerah", "Penyimpanan dan akses arsip daerah.",
         ["arsip", "dokumen lama", "salinan arsip"]),
    ],
    "desa": [
        ("Dana desa", "Penggunaan dana desa dan alokasi dana desa.",
         ["dana desa", "ADD", "BLT dana desa", "penyelewengan dana desa", "transparansi desa"]),
        ("Perangkat desa", "Pengisian perangkat desa dan pelayanan kantor desa.",
         ["perangkat desa", "kepala desa", "kades", "balai desa tutup"]),
        ("BUMDes", "Badan usaha milik desa.",
         ["BUMDes", "usaha desa", "laporan BUMDes"]),
    ],
    "perempuananak": [
        ("Perlindungan perempuan dan anak", "Kekerasan dalam rumah tangga dan kekerasan terhadap anak.",
         ["KDRT", "kekerasan anak", "pelecehan", "perundungan", "bullying", "pernikahan dini"]),
        ("Keluarga berencana", "Layanan KB dan alat kontrasepsi.",
         ["KB", "alat kontrasepsi", "KB gratis", "penyuluhan KB"]),
    ],
    "bencana": [
        ("Banjir dan longsor", "Laporan banjir, tanah longsor dan pengungsian.",
         ["banjir", "longsor", "tanah gerak", "pengungsian", "rumah terendam"]),
        ("Kekeringan", "Bantuan air bersih saat kemarau.",
         ["kekeringan", "droping air", "air bersih", "sumur kering"]),
        ("Angin kencang", "Pohon tumbang dan rumah rusak karena angin.",
         ["angin puting beliung", "pohon tumbang", "atap terbang", "rumah roboh"]),
    ],
    "perencanaan": [
        ("Musrenbang", "Usulan pembangunan lewat musrenbang.",
         ["musrenbang", "usulan pembangunan", "usulan tidak direalisasi"]),
        ("Data pembangunan", "Data dan statistik sektoral daerah.",
         ["data statistik", "satu data", "RPJMD"]),
    ],
    "kepegawaian": [
        ("Seleksi ASN", "Seleksi CPNS dan PPPK.",
         ["CPNS", "PPPK", "pengumuman seleksi", "formasi", "honorer"]),
        ("Pelayanan kepegawaian", "Kenaikan pangkat, mutasi dan pensiun ASN.",
         ["kenaikan pangkat", "mutasi", "pensiun", "ASN bolos", "disiplin pegawai"]),
    ],
    "pajak": [
        ("Pajak bumi dan bangunan", "SPPT PBB, tagihan dan keberatan PBB.",
         ["PBB", "SPPT", "PBB naik", "tagihan PBB", "NJOP"]),
        ("BPHTB", "Bea perolehan hak atas tanah dan bangunan.",
         ["BPHTB", "jual beli tanah", "validasi BPHTB"]),
        ("Pajak daerah lain", "Pajak restoran, hotel, reklame dan air tanah.",
         ["pajak restoran", "pajak hotel", "pajak reklame", "pajak air tanah"]),
    ],
    "kesbangpol": [
        ("Ormas", "Pendaftaran dan pengaduan organisasi kemasyarakatan.",
         ["ormas", "SKT ormas", "ormas meresahkan"]),
        ("Kerukunan", "Kerukunan umat beragama dan konflik sosial.",
         ["konflik warga", "kerukunan", "intoleransi", "tawuran"]),
    ],
    "keuangan": [
        ("Pengelolaan keuangan daerah", "Pencairan anggaran dan pembayaran pihak ketiga.",
         ["pencairan dana", "SP2D", "pembayaran proyek", "tunggakan"]),
        ("Aset daerah", "Aset dan tanah milik pemerintah daerah.",
         ["aset daerah", "tanah pemda", "gedung terbengkalai", "mobil dinas"]),
    ],
    "umum": [
        ("Pelayanan umum sekretariat", "Surat-menyurat dan rapat koordinasi pemerintah daerah.",
         ["surat ke bupati", "audiensi", "undangan bupati"]),
        ("Kerja sama daerah", "Kerja sama dengan daerah lain dan pihak ketiga.",
         ["kerja sama daerah", "MoU", "CSR"]),
    ],
    "dprd": [
        ("Aspirasi masyarakat", "Penyampaian aspirasi dan audiensi ke DPRD.",
         ["aspirasi", "audiensi DPRD", "demo", "rapat dengar pendapat"]),
        ("Reses dan pokok pikiran", "Kegiatan reses anggota DPRD.",
         ["reses", "pokir", "anggota dewan"]),
    ],
    "pengawasan": [
        ("Pengaduan penyimpangan", "Dugaan korupsi, pungli dan penyalahgunaan wewenang.",
         ["korupsi", "pungli", "gratifikasi", "penyalahgunaan wewenang", "whistleblowing", "WBS"]),
        ("Pemeriksaan", "Audit dan pemeriksaan perangkat daerah dan desa.",
         ["audit", "pemeriksaan dana desa", "temuan BPK"]),
    ],
    "ketertiban": [
        ("Ketertiban umum", "Pedagang kaki lima, bangunan liar dan gangguan ketertiban.",
         ["PKL", "pedagang kaki lima", "bangunan liar", "miras", "balap liar", "knalpot brong"]),
        ("Penegakan perda", "Pelanggaran peraturan daerah.",
         ["pelanggaran perda", "tempat hiburan", "karaoke ilegal", "jam malam"]),
    ],
    "pertanahan": [
        ("Sertifikat tanah", "Pendaftaran tanah, PTSL dan sertifikat.",
         ["sertifikat tanah", "PTSL", "balik nama", "sertifikat ganda", "mafia tanah"]),
        ("Sengketa tanah", "Sengketa batas dan kepemilikan tanah.",
         ["sengketa tanah", "patok batas", "ukur ulang"]),
    ],
    "agama": [
        ("Haji dan umrah", "Pendaftaran haji dan pengawasan travel umrah.",
         ["haji", "antrean haji", "umrah", "travel umrah bodong"]),
        ("Nikah dan rujuk", "Pencatatan nikah di KUA.",
         ["KUA", "biaya nikah", "buku nikah", "nikah di luar KUA"]),
    ],
    "hukum": [
        ("Produk hukum daerah", "Perda, perbup dan jaringan dokumentasi hukum.",
         ["perda", "perbup", "JDIH", "salinan perda"]),
        ("Bantuan hukum", "Bantuan hukum bagi warga tidak mampu.",
         ["bantuan hukum", "pengacara gratis", "posbakum"]),
    ],
    "pengadaan": [
        ("Pengadaan barang dan jasa", "Tender, LPSE dan pengadaan langsung.",
         ["tender", "LPSE", "lelang proyek", "pengadaan langsung", "proyek mangkrak"]),
    ],
    "air": [
        ("Air bersih", "Air PDAM mati, keruh atau bocor.",
         ["air mati", "PDAM mati", "air keruh", "pipa bocor", "air kecil"]),
        ("Tagihan air", "Rekening air, meteran dan sambungan baru.",
         ["tagihan PDAM", "meteran air", "sambungan baru", "tagihan membengkak"]),
    ],
    "kecamatan": [
        ("Surat pengantar dan rekomendasi", "Surat pengantar dan rekomendasi Camat.",
         ["surat pengantar", "rekomendasi camat", "legalisasi", "tanda tangan camat"]),
        ("Pembinaan desa", "Pembinaan pemerintahan desa di wilayah kecamatan.",
         ["kepala desa", "perangkat desa", "musdes", "balai desa"]),
        ("Pengaduan wilayah", "Keluhan warga tentang jalan, sampah dan keamanan di kecamatan.",
         ["jalan desa rusak", "sampah desa", "keamanan kampung", "ronda"]),
    ],
    "kelurahan": [
        ("Surat keterangan", "Surat keterangan domisili, usaha dan tidak mampu.",
         ["surat domisili", "SKTM", "surat keterangan usaha", "pengantar RT"]),
        ("Kebersihan lingkungan", "Kerja bakti, selokan dan sampah lingkungan.",
         ["kerja bakti", "selokan mampet", "sampah RT", "fogging RW"]),
        ("Ketenteraman warga", "Gangguan ketenteraman di lingkungan RT/RW.",
         ["warga ribut", "kos-kosan", "ronda malam", "anjing liar"]),
    ],
    "puskesmas": [
        ("Pelayanan poli umum", "Antrean, pemeriksaan dan rujukan di poli umum.",
         ["antre puskesmas", "rujukan", "surat rujukan", "dokter puskesmas", "jam buka puskesmas"]),
        ("Kesehatan ibu dan anak", "Periksa hamil, persalinan dan imunisasi.",
         ["periksa hamil", "persalinan", "bidan", "imunisasi bayi", "posyandu"]),
        ("Obat dan laboratorium", "Ketersediaan obat dan pemeriksaan laboratorium.",
         ["obat habis", "cek darah", "laboratorium", "resep obat"]),
    ],
    "pimpinan": [
        ("Aspirasi kepada kepala daerah", "Pesan dan aspirasi yang ditujukan langsung kepada kepala daerah.",
         ["bupati", "wali kota", "lapor bupati", "aspirasi", "minta tolong bupati"]),
    ],
}
GENERIC = [
    ("Pengaduan pelayanan", "Keluhan tentang pelayanan dan petugas.",
     ["pelayanan buruk", "petugas tidak ramah", "lambat", "dipingpong", "tidak ditanggapi", "aduan"]),
    ("Permohonan informasi", "Permohonan informasi publik dan salinan dokumen.",
     ["informasi publik", "PPID", "minta dokumen", "salinan dokumen"]),
    ("Pungutan liar", "Laporan pungutan di luar ketentuan.",
     ["pungli", "pungutan liar", "uang pelicin", "calo", "biaya tidak resmi"]),
    ("Jam layanan kantor", "Kantor tutup atau petugas tidak ada pada jam layanan.",
     ["kantor tutup", "petugas tidak ada", "jam layanan", "istirahat lama"]),
    ("Kritik dan saran", "Masukan untuk perbaikan layanan.",
     ["kritik", "saran", "masukan", "survei kepuasan"]),
]
PLAIN_SERVICES = ["Konsultasi layanan", "Pengaduan melalui surat", "Layanan tatap muka",
                  "Informasi jadwal kegiatan", "Penerimaan tamu"]

# kind, name stem, short stem, topic, subdomain, handle stem
INSTITUTIONS = [
    ("dinas", "Dinas Kesehatan", "Dinkes", "kesehatan", "dinkes", "dinkes"),
    ("dinas", "Dinas Pendidikan dan Kebudayaan", "Disdikbud", "pendidikan", "disdikbud", "disdikbud"),
    ("dinas", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", "kependudukan", "disdukcapil", "dukcapil"),
    ("dinas", "Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR", "jalan", "dpupr", "dpupr"),
    ("dinas", "Dinas Perhubungan", "Dishub", "perhubungan", "dishub", "dishub"),
    ("dinas", "Dinas Lingkungan Hidup", "DLH", "lingkungan", "dlh", "dlh"),
    ("dinas", "Dinas Sosial", "Dinsos", "sosial", "dinsos", "dinsos"),
    ("dinas", "Dinas Tenaga Kerja", "Disnaker", "tenagakerja", "disnaker", "disnaker"),
    ("dinas", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", "perizinan", "dpmptsp", "dpmptsp"),
    ("dinas", "Dinas Komunikasi dan Informatika", "Diskominfo", "kominfo", "diskominfo", "kominfo"),
    ("dinas", "Dinas Pertanian dan Ketahanan Pangan", "Distanpan", "pertanian", "distanpan", "distan"),
    ("dinas", "Dinas Perumahan dan Kawasan Permukiman", "Disperkim", "perumahan", "disperkim", "disperkim"),
    ("dinas", "Dinas Koperasi, Usaha Kecil dan Menengah", "Dinkop UKM", "umkm", "dinkopukm", "dinkop"),
    ("dinas", "Dinas Perdagangan dan Perindustrian", "Disperindag", "perdagangan", "disperindag", "disperindag"),
    ("dinas", "Dinas Pemuda, Olahraga dan Pariwisata", "Disporapar", "pariwisata", "disporapar", "disporapar"),
    ("dinas", "Dinas Pemadam Kebakaran", "Damkar", "kebakaran", "damkar", "damkar"),
    ("dinas", "Dinas Perpustakaan dan Kearsipan", "Dinarpus", "perpustakaan", "dinarpus", "dinarpus"),
    ("dinas", "Dinas Pemberdayaan Masyarakat dan Desa", "Dispermades", "desa", "dispermades", "dispermades"),
    ("dinas", "Dinas Pengendalian Penduduk dan Keluarga Berencana, Pemberdayaan Perempuan dan "
     "Perlindungan Anak", "DP3AP2KB", "perempuananak", "dp3ap2kb", "dp3ap2kb"),
    ("badan", "Badan Penanggulangan Bencana Daerah", "BPBD", "bencana", "bpbd", "bpbd"),
    ("badan", "Badan Perencanaan Pembangunan Daerah", "Bappeda", "perencanaan", "bappeda", "bappeda"),
    ("badan", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", "kepegawaian", "bkpsdm", "bkpsdm"),
    ("badan", "Badan Pendapatan Daerah", "Bapenda", "pajak", "bapenda", "bapenda"),
    ("badan", "Badan Kesatuan Bangsa dan Politik", "Kesbangpol", "kesbangpol", "kesbangpol", "kesbangpol"),
    ("badan", "Badan Pengelola Keuangan dan Aset Daerah", "BPKAD", "keuangan", "bpkad", "bpkad"),
    ("sekretariat", "Sekretariat Daerah", "Setda", "umum", "setda", "setda"),
    ("sekretariat", "Sekretariat DPRD", "Setwan", "dprd", "setwan", "dprd"),
    ("inspektorat", "Inspektorat", "Inspektorat", "pengawasan", "inspektorat", "inspektorat"),
    ("satuan", "Satuan Polisi Pamong Praja", "Satpol PP", "ketertiban", "satpolpp", "satpolpp"),
    ("kantor", "Kantor Pertanahan", "Kantah", "pertanahan", "kantah", "bpn"),
    ("kantor", "Kantor Kementerian Agama", "Kemenag", "agama", "kemenag", "kemenag"),
    ("bagian", "Bagian Hukum Sekretariat Daerah", "Bagian Hukum", "hukum", "jdih", "baghukum"),
    ("bagian", "Bagian Pengadaan Barang dan Jasa", "Bagian PBJ", "pengadaan", "lpse", "pbj"),
    ("rsud", "Rumah Sakit Umum Daerah", "RSUD", "rumahsakit", "rsud", "rsud"),
    ("other", "Perusahaan Umum Daerah Air Minum", "PDAM", "air", "pdam", "pdam"),
]
LOCAL = [  # place-based kinds: (kind, name prefix, short prefix, topic, handle prefix, weight)
    ("kecamatan", "Kecamatan", "Kec.", "kecamatan", "kec", 5),
    ("kelurahan", "Kelurahan", "Kel.", "kelurahan", "kel", 3),
    ("puskesmas", "Puskesmas", "PKM", "puskesmas", "pkm", 4),
]

INTRO = {
    "dinas": "menyelenggarakan urusan pemerintahan daerah di bidang {topic}.",
    "badan": "mendukung kepala daerah dalam urusan {topic}.",
    "sekretariat": "membantu penyelenggaraan pemerintahan dan administrasi {topic}.",
    "inspektorat": "mengawasi penyelenggaraan pemerintahan daerah dan menerima laporan {topic}.",
    "satuan": "menegakkan peraturan daerah dan menjaga {topic}.",
    "kantor": "adalah instansi vertikal yang melayani warga dalam urusan {topic}.",
    "bagian": "menangani urusan {topic} di lingkungan sekretariat daerah.",
    "rsud": "adalah rumah sakit milik pemerintah daerah yang melayani {topic}.",
    "other": "adalah badan usaha milik daerah yang mengurus {topic}.",
    "kecamatan": "melayani administrasi tingkat kecamatan dan meneruskan masalah warga ke desa atau dinas terkait.",
    "kelurahan": "melayani surat keterangan dan urusan lingkungan warga di tingkat kelurahan.",
    "puskesmas": "memberi pelayanan kesehatan dasar bagi warga di wilayah kerjanya.",
    "pimpinan": "adalah akun pribadi kepala daerah. Akun ini tidak menjadi tujuan pengaduan resmi.",
    "humas": "menyampaikan informasi pemerintah daerah dan menerima pengaduan warga.",
}
TOPIC_WORDS = {
    "kesehatan": "kesehatan masyarakat", "rumahsakit": "pasien rawat jalan, rawat inap dan gawat darurat",
    "pendidikan": "pendidikan dasar dan kebudayaan", "kependudukan": "administrasi kependudukan",
    "jalan": "jalan, jembatan, drainase dan tata ruang", "perhubungan": "perhubungan dan lalu lintas",
    "lingkungan": "lingkungan hidup dan persampahan", "sosial": "perlindungan dan jaminan sosial",
    "tenagakerja": "ketenagakerjaan", "perizinan": "penanaman modal dan perizinan",
    "kominfo": "komunikasi, informatika dan statistik", "pertanian": "pertanian, peternakan dan pangan",
    "perumahan": "perumahan dan kawasan permukiman", "umkm": "koperasi dan usaha mikro",
    "perdagangan": "perdagangan, pasar dan perindustrian", "pariwisata": "pariwisata, pemuda dan olahraga",
    "kebakaran": "pemadaman kebakaran dan penyelamatan", "perpustakaan": "perpustakaan dan kearsipan",
    "desa": "pemberdayaan masyarakat dan desa",
    "perempuananak": "pemberdayaan perempuan, perlindungan anak dan keluarga berencana",
    "bencana": "penanggulangan bencana", "perencanaan": "perencanaan pembangunan",
    "kepegawaian": "kepegawaian", "pajak": "pajak dan retribusi daerah", "kesbangpol": "kesatuan bangsa",
    "keuangan": "keuangan dan aset daerah", "umum": "umum", "dprd": "lembaga perwakilan rakyat daerah",
    "pengawasan": "penyimpangan", "ketertiban": "ketertiban umum", "pertanahan": "pertanahan",
    "agama": "keagamaan", "hukum": "hukum", "pengadaan": "pengadaan barang dan jasa",
    "air": "penyediaan air minum",
}
EXTRA_SENTENCES = [
    "Pengaduan ditanggapi pada hari dan jam kerja.",
    "Sertakan lokasi yang jelas, foto dan tanggal kejadian agar laporan cepat ditindaklanjuti.",
    "Jangan mencantumkan nomor KTP atau data pribadi lain di unggahan publik.",
    "Laporan yang masuk diteruskan ke bidang terkait paling lambat tiga hari kerja.",
    "Warga juga dapat datang langsung ke kantor dengan membawa identitas diri.",
    "Informasi jadwal dan persyaratan layanan diumumkan lewat media sosial resmi.",
    "Petugas tidak memungut biaya apa pun di luar ketentuan peraturan daerah.",
    "Untuk keadaan darurat, hubungi nomor darurat 112.",
]
HOURS = ["Senin–Kamis pukul 08.00–15.30", "Jumat pukul 08.00–11.00", "Sabtu pukul 08.00–12.00 (layanan terbatas)",
         "Istirahat pukul 12.00–13.00", "Layanan daring 24 jam"]
REQS = ["identitas pelapor (nama dan nomor telepon)", "lokasi kejadian", "foto atau bukti pendukung",
        "waktu kejadian", "kronologi singkat"]

YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
PLAIN_OK = re.compile(r"[A-Za-z][A-Za-z0-9 .,()'/&_–-]*")


def scalar(s: str) -> str:
    """A YAML scalar: plain where a person would write it plain, else double-quoted (JSON escapes)."""
    if (PLAIN_OK.fullmatch(s) and s.lower() not in YAML_WORDS and not s.endswith((" ", ".", ","))
            and ": " not in s and " #" not in s):
        return s
    return json.dumps(s, ensure_ascii=False)


def quoted(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def compact(s: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", s)


def slugify(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


class Region:
    def __init__(self, kind: str, name: str, r: random.Random):
        self.kind, self.name = kind, name  # kind: "Kabupaten" | "Kota"
        self.full = f"{kind} {name}"
        self.tag = ("kab-" if kind == "Kabupaten" else "kota-") + slugify(name)
        self.domain = compact(name).lower() + ("kab" if kind == "Kabupaten" else "kota") + ".go.id"
        self.area = f"0{r.randint(21, 986)}"
        self.unused = list(range(len(INSTITUTIONS)))
        r.shuffle(self.unused)


class Gen:
    def __init__(self, n: int, seed: int, handles: set[str] | None = None):
        """`handles`: the X handles (lower case) already taken, shared with the other regions of a
        national tree (gen_national.py), where one account belongs to one agency in the whole nation."""
        self.n = n
        self.r = random.Random(seed)
        names = [n.strip() for n in KABUPATEN.split(",")]
        self.regions = [Region("Kabupaten", x, self.r) for x in names]
        self.regions += [Region("Kota", x.strip(), self.r) for x in KOTA.split(",")]
        self.slugs: set[str] = set()
        self.handles: set[str] = set() if handles is None else handles
        self.agencies: list[dict] = []

    # --- names ---------------------------------------------------------------------------------
    def date_between(self, lo: date, hi: date) -> date:
        return lo + timedelta(days=self.r.randint(0, (hi - lo).days))

    def place(self) -> str:
        head, tail = self.r.choice(PLACE_HEAD), self.r.choice(PLACE_TAIL)
        return head + tail

    def unique_slug(self, slug: str) -> str:
        base, k = slug[:76], 2
        while slug in self.slugs or slug == "humas":
            slug, k = f"{base}-{k}", k + 1
        self.slugs.add(slug)
        return slug

    def unique_handle(self, stem: str, region: Region) -> str:
        reg = compact(region.name)
        style = self.r.random()
        if style < 0.45:
            h = stem.capitalize() + reg
        elif style < 0.75:
            h = f"{stem}_{reg.lower()}"
        elif style < 0.9:
            h = stem + ("kab" if region.kind == "Kabupaten" else "kota") + reg.lower()
        else:
            h = stem.upper() + reg[:4]
        h = h[:15]
        k = 2
        cand = h
        while cand.lower() in self.handles:
            suffix = str(k)
            cand = h[: 15 - len(suffix)] + suffix
            k += 1
        self.handles.add(cand.lower())
        return cand

    # --- one agency ----------------------------------------------------------------------------
    def pick_identity(self) -> dict:
        r = self.r
        for _ in range(50):
            region = r.choice(self.regions)
            roll = r.random()
            if roll < 0.012:
                title = "Bupati" if region.kind == "Kabupaten" else "Wali Kota"
                if r.random() < 0.4:
                    title = "Wakil " + title
                slug = slugify(f"{title} {region.tag}")
                if slug in self.slugs:
                    continue
                stem = ("wabup" if "Wakil" in title else "bupati") if region.kind == "Kabupaten" else \
                    ("wawali" if "Wakil" in title else "walikota")
                return dict(kind="pimpinan", name=f"{title} {region.name}", short=f"{title} {region.name}"[:40],
                            topic="pimpinan", sub="www", stem=stem, region=region, slug=slug, place=None)
            if roll < 0.45 and region.unused:
                kind, stem_name, short, topic, sub, hstem = INSTITUTIONS[region.unused.pop()]
                slug = f"{sub}-{region.tag}"
                if slug in self.slugs:
                    continue
                return dict(kind=kind, name=f"{stem_name} {region.full}", short=f"{short} {region.name}"[:40],
                            topic=topic, sub=sub, stem=hstem, region=region, slug=slug, place=None)
            kind, prefix, sprefix, topic, hstem, _ = r.choices(LOCAL, weights=[x[5] for x in LOCAL])[0]
            place = self.place()
            slug = slugify(f"{hstem} {place} {region.tag}")
            if slug in self.slugs:
                continue
            return dict(kind=kind, name=f"{prefix} {place} {region.full}", short=f"{sprefix} {place}"[:40],
                        topic=topic, sub=slugify(f"{hstem}{place}"), stem=hstem + place.lower(), region=region,
                        slug=slug, place=place)
        # the space is large; reaching here means a tiny region list, so number the slug
        ident = self.pick_identity_fallback()
        return ident

    def pick_identity_fallback(self) -> dict:
        region = self.r.choice(self.regions)
        place = self.place()
        return dict(kind="kelurahan", name=f"Kelurahan {place} {region.full}", short=f"Kel. {place}"[:40],
                    topic="kelurahan", sub=slugify(f"kel{place}"), stem="kel" + place.lower(), region=region,
                    slug=f"kel-{slugify(place)}-{region.tag}", place=place)

    def services(self, topic: str, region: Region, place: str | None) -> list:
        r = self.r
        pool = list(S[topic])
        r.shuffle(pool)
        extra = list(GENERIC)
        r.shuffle(extra)
        count = r.randint(3, 8)
        chosen = pool[: min(len(pool), count)]
        chosen += extra[: max(0, count - len(chosen))]
        out = []
        for name, desc, kws in chosen:
            if r.random() < 0.08:
                out.append(name)  # plain text service
                continue
            k = r.sample(kws, min(len(kws), r.randint(2, 6)))
            if place and r.random() < 0.5:
                k[-1] = f"{k[0]} {place}"
            item = {"name": name, "keywords": k}
            if r.random() < 0.93:
                item["description"] = desc
            out.append(item)
        if len(out) < 8 and r.random() < 0.1:
            out.append(r.choice(PLAIN_SERVICES))
        return out

    def channels(self, ident: dict) -> dict:
        r, region = self.r, ident["region"]
        host = f"{ident['sub']}.{region.domain}"
        ig = (ident["stem"] + ("kab" if region.kind == "Kabupaten" else "") + compact(region.name).lower())[:30]
        ch: dict[str, str] = {}
        if r.random() < 0.7:
            ch["website"] = f"https://{host}" + r.choice(["", "/", "/layanan", "/pengaduan"])
        if r.random() < 0.7:
            ch["email"] = r.choice(["", "info.", "pengaduan.", "ppid."]) + f"{ident['sub']}@{region.domain}"
        if r.random() < 0.6:
            num = f"{r.randint(100000, 999999)}"
            ch["phone"] = r.choice([f"{region.area} {num}", f"{region.area}-{num}",
                                    f"+62{region.area[1:]}{num}"])
        if r.random() < 0.5:
            ch["instagram"] = ig
        if r.random() < 0.25:
            ch["whatsapp"] = f"+628{r.randint(10**8, 10**10 - 1)}"
        if r.random() < 0.2:
            ch["facebook"] = f"https://www.facebook.com/{ig}"
        if r.random() < 0.1:
            ch["youtube"] = f"https://www.youtube.com/@{ig}"
        if r.random() < 0.4:
            ch["address"] = f"Jl. {r.choice(STREETS)} No. {r.randint(1, 120)}, {region.name}"
        return ch

    def description(self, a: dict, ident: dict) -> str:
        r, region = self.r, ident["region"]
        topic = TOPIC_WORDS.get(ident["topic"], "pelayanan publik")
        intro = INTRO[ident["kind"]].format(topic=topic)
        paras = [f"**{a['name']}** {intro}"]
        handle = (a.get("twitter") or "").lstrip("@")
        sentences = r.sample(EXTRA_SENTENCES, 3)
        web = a.get("channels", {}).get("website") or f"https://{region.domain}/"
        paras.append(f"{sentences[0]} {sentences[1]} Informasi lengkap ada di [situs resmi]({web}).")
        n_paras = r.randint(2, 4)
        if n_paras >= 3:
            if a.get("twitter") and a.get("active"):
                paras.append(f"Pengaduan dapat disampaikan lewat akun X **@{handle}** dengan menyebut "
                             f"akun tersebut. {sentences[2]}")
            elif a.get("twitter"):
                paras.append(f"Akun @{handle} jarang menanggapi warga. Pengaduan sebaiknya disampaikan "
                             f"juga lewat kanal cadangan. {sentences[2]}")
            else:
                paras.append("Direktori ini belum mencatat akun X untuk instansi ini. Sampai akun resmi tercatat, "
                             f"pengaduan diarahkan ke akun cadangan. {sentences[2]}")
        if n_paras >= 4:
            paras.append(f"Kanal nasional [LAPOR!](https://www.lapor.go.id) tetap dapat dipakai bila pengaduan "
                         f"tidak ditanggapi dalam *lima hari kerja*.")
        if r.random() < 0.6:
            if r.random() < 0.5:
                items = r.sample(HOURS, r.randint(2, 4))
                block = "Jam layanan:\n\n" + "\n".join(f"- {x}" for x in items)
            else:
                items = r.sample(REQS, r.randint(2, 4))
                block = "Sertakan dalam laporan:\n\n" + "\n".join(f"{i}. {x}" for i, x in enumerate(items, 1))
            paras.insert(min(2, len(paras)), block)
        return "\n\n".join(paras) + "\n"

    def agency(self, ident: dict) -> dict:
        r = self.r
        a: dict = {"slug": ident["slug"], "name": ident["name"], "kind": ident["kind"], "region": ident["region"]}
        if r.random() < 0.85:
            a["short_name"] = ident["short"]
        roll = r.random()
        if ident["kind"] == "pimpinan":
            roll = min(roll, 0.49)
        if roll < 0.75:  # has a handle: ~50% active, ~25% dormant
            a["twitter"] = self.unique_handle(ident["stem"], ident["region"])
            if r.random() < 0.1:
                a["twitter"] = "@" + a["twitter"]
            a["active"] = roll < 0.5
            checked = self.date_between(DATE_MIN, DATE_MAX)
            a["status_checked"] = checked.isoformat()
            if r.random() < 0.3:
                a["twitter_id"] = str(r.randint(10**8, 10**19))
            if r.random() < 0.5:
                lo = DATE_MIN if not a["active"] else max(DATE_MIN, checked - timedelta(days=60))
                hi = checked if a["active"] else min(checked, date(2024, 12, 31))
                a["last_post"] = self.date_between(lo, max(lo, hi)).isoformat()
            media = r.choice(MEDIA).format(r=ident["region"].name)
            a["source"] = r.choice([f"Pemeriksaan Humas, {checked.isoformat()}",
                                    f"Berita {media}, {checked.isoformat()}",
                                    f"Situs resmi {ident['region'].domain}",
                                    "Laporan warga, diperiksa ulang oleh Humas"])
        a["channels"] = self.channels(ident)
        a["services"] = self.services(ident["topic"], ident["region"], ident["place"])
        return a

    def humas(self) -> dict:
        region = self.regions[[x.name for x in self.regions].index("Blora")]
        a = {"slug": "humas", "name": "Bagian Hubungan Masyarakat Sekretariat Daerah Kabupaten Blora",
             "short_name": "Humas", "kind": "humas", "region": region, "twitter": "HumasBlora", "active": True,
             "status_checked": "2026-05-04", "source": "Pemeriksaan Humas, 2026-05-04",
             "last_post": "2026-05-02"}
        self.handles.add("humasblora")
        self.slugs.add("humas")
        ident = dict(kind="humas", topic="umum", sub="humas", stem="humas", region=region, place=None)
        a["channels"] = {"website": "https://humas.blorakab.go.id/", "email": "humas@blorakab.go.id",
                         "phone": "0296 531102", "instagram": "humasblora"}
        a["services"] = [
            {"name": "Informasi pemerintah daerah", "description": "Kabar resmi kegiatan dan kebijakan Pemkab.",
             "keywords": ["info pemkab", "pengumuman", "siaran pers"]},
            {"name": "Pengaduan umum", "description": "Pengaduan yang belum jelas instansinya, diteruskan ke "
             "instansi terkait.", "keywords": ["pengaduan", "keluhan warga", "aduan", "tidak ditanggapi",
                                               "bingung lapor ke mana"]},
            {"name": "Peliputan dan dokumentasi", "keywords": ["liputan", "wartawan", "media massa"]},
        ]
        a["description"] = self.description(a, ident) + (
            "\nHumas adalah **tujuan cadangan**: pengaduan untuk instansi yang belum punya akun X, atau yang "
            "akunnya mati suri, diarahkan ke sini untuk diteruskan.\n")
        return a

    def generate(self) -> list[dict]:
        self.agencies.append(self.humas())
        idents = []
        for _ in range(self.n - 1):
            ident = self.pick_identity()
            ident["slug"] = self.unique_slug(ident["slug"])
            idents.append(ident)
            a = self.agency(ident)
            a["description"] = self.description(a, ident)
            self.agencies.append(a)
        self.assign_fallbacks()
        return self.agencies

    def assign_fallbacks(self) -> None:
        """Explicit fallbacks point only at agencies that take complaints themselves: no chain, no loop."""
        r = self.r
        takers = [a for a in self.agencies if a.get("active") and a["kind"] != "pimpinan"]
        by_region: dict[str, list[dict]] = {}
        for a in takers:
            by_region.setdefault(a["region"].tag, []).append(a)
        for a in self.agencies:
            if a["slug"] == "humas":
                continue
            if a.get("active"):
                if r.random() < 0.04:
                    a["fallback"] = "humas"
                continue
            if r.random() < 0.2:
                local = by_region.get(a["region"].tag, [])
                near = [t for t in local if t["kind"] in
                        ("dinas", "badan", "sekretariat", "inspektorat", "satuan", "kecamatan")] or local
                a["fallback"] = r.choice(near)["slug"] if near else "humas"


# --- writing ---------------------------------------------------------------------------------------

def agency_yaml(a: dict, seed: int) -> str:
    out = [f"# Data uji buatan bench/gen.py (seed {seed}); bukan data sungguhan.",
           f"name: {scalar(a['name'])}"]
    if "short_name" in a:
        out.append(f"short_name: {scalar(a['short_name'])}")
    out.append(f"kind: {a['kind']}")
    if "twitter" in a:
        out.append(f"twitter: {scalar(a['twitter'])}")
        if "twitter_id" in a:
            out.append(f"twitter_id: {quoted(a['twitter_id'])}")
        out.append(f"active: {'true' if a['active'] else 'false'}")
        out.append(f"status_checked: {quoted(a['status_checked'])}")
        if "last_post" in a:
            out.append(f"last_post: {quoted(a['last_post'])}")
        out.append(f"source: {scalar(a['source'])}")
    if "fallback" in a:
        out.append(f"fallback: {a['fallback']}")
    out.append("description: |")
    for line in a["description"].rstrip("\n").split("\n"):
        out.append(f"  {line}" if line else "")
    out.append("services:")
    for s in a["services"]:
        if isinstance(s, str):
            out.append(f"  - {scalar(s)}")
            continue
        out.append(f"  - name: {scalar(s['name'])}")
        if "description" in s:
            out.append(f"    description: {scalar(s['description'])}")
        out.append("    keywords: [" + ", ".join(quoted(k) for k in s["keywords"]) + "]")
    if a["channels"]:
        out.append("channels:")
        for k in ("website", "email", "phone", "whatsapp", "instagram", "facebook", "youtube", "address"):
            if k in a["channels"]:
                out.append(f"  {k}: {scalar(a['channels'][k]) if k == 'address' else quoted(a['channels'][k])}")
    return "\n".join(out) + "\n"


def site_yaml(n: int, seed: int) -> str:
    return "\n".join([
        f"# Data uji buatan bench/gen.py: {n} instansi, seed {seed}.",
        "title: Akun Resmi (data uji)",
        "region: Kabupaten dan kota se-Indonesia (data uji)",
        "language: id",
        f"base_url: {quoted(BASE_URL)}",
        "fallback: humas",
        "stale_days: 180",
        "silent_days: 90",
        "description: " + quoted(f"Data uji kinerja: {n} instansi buatan, bukan data sungguhan."),
        "national_channels:",
        "  - name: LAPOR!",
        f"    url: {quoted('https://www.lapor.go.id')}",
        "    description: Layanan Aspirasi dan Pengaduan Online Rakyat, kanal pengaduan nasional.",
    ]) + "\n"


def write(n: int, outdir: str, seed: int) -> None:
    if n < 1:
        raise SystemExit("N must be at least 1 (the humas agency)")
    agencies = Gen(n, seed).generate()
    adir = os.path.join(outdir, "agencies")
    shutil.rmtree(adir, ignore_errors=True)
    os.makedirs(adir)
    with open(os.path.join(outdir, "site.yaml"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(site_yaml(n, seed))
    for a in agencies:
        with open(os.path.join(adir, a["slug"] + ".yaml"), "w", encoding="utf-8", newline="\n") as fh:
            fh.write(agency_yaml(a, seed))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of agency files (including humas)")
    ap.add_argument("outdir", help="content folder to write (site.yaml, agencies/)")
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    write(a.n, a.outdir, a.seed)


if __name__ == "__main__":
    main()
