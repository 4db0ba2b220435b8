-- Russian topic names, for the pages and reports that partners who work in Russian read
-- (Kyrgyzstan first): `?lang=ru` and `pieredze report --lang ru` showed the English names.
-- An empty name falls back to the English one.
ALTER TABLE topics ADD COLUMN name_ru TEXT NOT NULL DEFAULT '';

UPDATE topics SET name_ru = CASE slug
    WHEN 'administrativi-teritoriala-reforma' THEN 'Административно-территориальная реформа'
    WHEN 'nacionalais-dialogs' THEN 'Национальный диалог'
    WHEN 'interesu-lobesana' THEN 'Лоббирование интересов самоуправлений'
    WHEN 'kapacitates-stiprinasana' THEN 'Укрепление потенциала'
    WHEN 'laba-parvaldiba' THEN 'Надлежащее управление'
    WHEN 'starptautiska-sadarbiba' THEN 'Международное сотрудничество'
    WHEN 'pasvaldibu-apvienosana' THEN 'Объединение самоуправлений'
    WHEN 'finansu-izlidzinasana' THEN 'Финансовое выравнивание'
    WHEN 'funkciju-sadale' THEN 'Разграничение функций'
    WHEN 'sabiedriska-apspriesana' THEN 'Общественное обсуждение'
    WHEN 'dialoga-platforma' THEN 'Платформа диалога'
    WHEN 'lobesana-valsts-institucijas' THEN 'Лоббирование в государственных учреждениях'
    WHEN 'lobesana-es-institucijas' THEN 'Лоббирование в институтах Европейского союза'
    WHEN 'macibu-programmas' THEN 'Учебные программы'
    WHEN 'macibu-vizites' THEN 'Учебные визиты'
    WHEN 'sadarbibas-ligumi' THEN 'Соглашения о сотрудничестве'
    WHEN 'attistibas-sadarbibas-projekti' THEN 'Проекты сотрудничества в целях развития'
    ELSE name_ru END;
