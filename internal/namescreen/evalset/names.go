package evalset

// commonNames are ordinary Western, Korean, Chinese and Russian names, none
// of them a listed party (Build drops any that the list holds exactly).
var commonNames = []string{
	// Western
	"John Smith", "Mary Johnson", "Robert Williams", "Patricia Brown", "Michael Jones",
	"Jennifer Garcia", "William Miller", "Linda Davis", "David Rodriguez", "Elizabeth Martinez",
	"Richard Hernandez", "Barbara Lopez", "Joseph Gonzalez", "Susan Wilson", "Thomas Anderson",
	"Jessica Thomas", "Charles Taylor", "Sarah Moore", "Christopher Jackson", "Karen Martin",
	"Daniel Lee Walker", "Nancy Thompson", "Matthew White", "Lisa Harris", "Anthony Sanchez",
	"Betty Clark", "Mark Ramirez", "Margaret Lewis", "Donald Robinson", "Sandra Young",
	"Steven Allen", "Ashley King", "Paul Wright", "Kimberly Scott", "Andrew Torres",
	"Emily Nguyen", "Joshua Hill", "Donna Flores", "Kenneth Green", "Michelle Adams",
	"Kevin Nelson", "Carol Baker", "Brian Hall", "Amanda Rivera", "George Campbell",
	"Melissa Mitchell", "Timothy Carter", "Deborah Roberts", "Hans Mueller", "Sophie Dubois",
	// Korean
	"Kim Min-jun", "Lee Seo-yeon", "Park Ji-hoon", "Choi Yu-na", "Jung Ha-eun",
	"Kang Do-yoon", "Cho Soo-ah", "Yoon Ji-woo", "Jang Seo-jun", "Lim Ha-rin",
	"Han Ye-jun", "Oh Chae-won", "Seo Joo-won", "Shin Ji-an", "Kwon Eun-woo",
	"Hwang Si-woo", "Ahn Da-eun", "Song Yu-jin", "Jeon Min-seo", "Hong Ji-ho",
	"Go Seung-hyun", "Moon Ye-rin", "Yang Hyun-woo", "Son Ha-yoon", "Bae Jun-seo",
	"Baek So-yul", "Heo Ji-yu", "Nam Gun-woo", "Shim Eun-seo", "Noh Seo-ah",
	"Ha Yoo-na", "Kwak Min-jae", "Sung Da-in", "Cha Eun-ho", "Joo Seo-hyun",
	"Woo Ji-min", "Gu Tae-yang", "Min Soo-bin", "Jin Ha-jun", "Ji Yun-seo",
	"김민준", "이서연", "박지훈", "최유나", "정하은", "강도윤", "윤지우", "한예준", "송유진", "홍지호",
	// Chinese
	"Wang Xiuying", "Li Jiahao", "Zhang Yutong", "Liu Zihan", "Chen Haoran",
	"Yang Shiyu", "Huang Yichen", "Zhao Xinyi", "Wu Junjie", "Zhou Mengyao",
	"Xu Zhiyuan", "Sun Yuxuan", "Ma Ruoxi", "Zhu Tianyou", "Hu Siqi",
	"Guo Wenbo", "He Jingyi", "Gao Zixuan", "Lin Yuhang", "Luo Shihan",
	"Zheng Kaiwen", "Liang Xinyue", "Song Jiaqi", "Xie Mingxuan", "Tang Yuqing",
	"Han Zhiqiang", "Feng Yujie", "Deng Ziyi", "Cao Yifan", "Peng Shuyao",
	"Zeng Haoyu", "Xiao Yating", "Tian Runze", "Dong Xinran", "Pan Jiayi",
	"Yuan Zhihao", "Cai Wanting", "Jiang Boyang", "Yu Keran", "Du Mingyue",
	// Russian
	"Ivan Sergeyevich Kuznetsov", "Olga Smirnova", "Dmitry Popov", "Tatiana Vasilieva", "Sergei Sokolov",
	"Natalia Mikhailova", "Alexei Novikov", "Elena Fedorova", "Andrei Morozov", "Svetlana Volkova",
	"Nikolai Alekseev", "Irina Lebedeva", "Pavel Semenov", "Anna Yegorova", "Mikhail Pavlov",
	"Yekaterina Kozlova", "Viktor Stepanov", "Maria Nikolaeva", "Yuri Orlov", "Galina Andreeva",
	"Boris Makarov", "Ludmila Zakharova", "Oleg Zaitsev", "Valentina Solovyova", "Roman Borisov",
	"Nadezhda Yakovleva", "Konstantin Grigoriev", "Marina Romanova", "Anatoly Vorobyov", "Vera Sergeeva",
	"Stanislav Frolov", "Larisa Alexandrova", "Grigory Dmitriev", "Oksana Korolyova", "Evgeny Gusev",
	"Polina Kiseleva", "Artem Ilyin", "Daria Maksimova", "Kirill Polyakov", "Ksenia Sorokina",
	// Companies
	"Acme Trading Ltd", "Global Logistics Group", "Sunrise Holdings Inc", "Blue Ocean Shipping Co", "Northern Star Bank",
	"Green Valley Foods", "Pacific Rim Electronics", "Silver Lake Capital", "Red River Construction", "Golden Gate Consulting",
}
